package org.alphaclip.mllm.internal.decode;

/** Greedy choice: the token with the largest logit, the lowest id among equals (as {@code torch.argmax}). */
public final class Argmax implements TokenPicker {

    @Override
    public int pick(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
