/** The diffusion package's networks on the shared inference sessions: the UNet and the VAE decoder. */
package org.alphaclip.diffusion.internal.model;
