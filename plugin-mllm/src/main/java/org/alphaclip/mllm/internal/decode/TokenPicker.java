package org.alphaclip.mllm.internal.decode;

/** Chooses the next token of one sequence from its logits: one algorithm per implementation. */
public interface TokenPicker {

    /** The chosen token id. */
    int pick(float[] logits);
}
