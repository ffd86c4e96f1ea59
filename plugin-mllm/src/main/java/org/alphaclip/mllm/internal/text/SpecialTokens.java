package org.alphaclip.mllm.internal.text;

import java.util.Arrays;

/**
 * The special ids of a package's tokenizer.
 *
 * @param bos the beginning-of-sequence id
 * @param eos the ids that end a sequence (one or more)
 * @param addBos whether a prompt starts with {@code bos}
 */
public record SpecialTokens(int bos, int[] eos, boolean addBos) {

    /** Copies the ids. */
    public SpecialTokens {
        eos = eos.clone();
    }

    @Override
    public int[] eos() {
        return eos.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpecialTokens s && bos == s.bos && addBos == s.addBos && Arrays.equals(eos, s.eos);
    }

    @Override
    public int hashCode() {
        return bos * 31 + Arrays.hashCode(eos);
    }
}
