/** BLIP-Diffusion's conditioning: the subject Q-Former, the context-injected CLIP text encoder, their tokenizers. */
package org.alphaclip.diffusion.internal.subject;
