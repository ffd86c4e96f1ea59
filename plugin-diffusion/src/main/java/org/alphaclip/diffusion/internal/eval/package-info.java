/** The default model's evaluation on the synthetic world: does the region steer the variations? */
package org.alphaclip.diffusion.internal.eval;
