/** Caption evaluation: BLEU and CIDEr-D as coco-caption computes them, on coco-caption's word normalisation. */
package org.alphaclip.mllm.internal.eval;
