/** PureCLIPNeRF's implementation: scene, grids, renderer, augmentations, optimisation, outputs and commands. */
package org.alphaclip.nerf.internal;
