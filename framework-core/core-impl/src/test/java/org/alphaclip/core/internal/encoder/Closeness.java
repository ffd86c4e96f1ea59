package org.alphaclip.core.internal.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parity criterion of the project: max |Δ| ≤ 1e-4 · max |ref| and cosine ≥ 0.99999, both. Keeps the
 * worst numbers seen so a test can report them.
 */
final class Closeness {

    static final double RELATIVE_TOLERANCE = 1e-4;
    static final double MIN_COSINE = 0.99999;

    double worstRelative;
    double worstCosine = 1;

    void assertClose(String what, float[] reference, float[] actual) {
        assertEquals(reference.length, actual.length, what + ": length");
        double maxRef = 0;
        double maxDiff = 0;
        double dot = 0;
        double nr = 0;
        double na = 0;
        for (int i = 0; i < reference.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
            maxDiff = Math.max(maxDiff, Math.abs(reference[i] - actual[i]));
            dot += (double) reference[i] * actual[i];
            nr += (double) reference[i] * reference[i];
            na += (double) actual[i] * actual[i];
        }
        double relative = maxDiff / maxRef;
        double cosine = dot / Math.sqrt(nr * na);
        worstRelative = Math.max(worstRelative, relative);
        worstCosine = Math.min(worstCosine, cosine);
        assertTrue(relative <= RELATIVE_TOLERANCE, what + ": max|Δ| = " + maxDiff + " is " + relative + " of max|ref| " + maxRef);
        assertTrue(cosine >= MIN_COSINE, what + ": cosine " + cosine);
    }

    @Override
    public String toString() {
        return String.format("worst max|Δ|/max|ref| = %.3g, worst cosine = %.9f", worstRelative, worstCosine);
    }
}
