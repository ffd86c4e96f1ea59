/** The diffusion task bundle's implementation: the {@code DiffusionModels} service and its models. */
package org.alphaclip.diffusion.internal;
