package org.alphaclip.mllm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.alphaclip.api.tensor.FloatTensor;

/** The parity tests' measures: relative error = max |Java − reference| / max |reference|, and top-5 ids. */
public final class Parity {

    private Parity() {
    }

    /** The ids of the five largest logits, largest first, the lower id first among equals. */
    public static int[] top5(float[] logits) {
        return IntStream.range(0, logits.length).boxed()
                .sorted((i, j) -> logits[j] != logits[i] ? Float.compare(logits[j], logits[i]) : Integer.compare(i, j))
                .limit(5).mapToInt(Integer::intValue).toArray();
    }

    /** Checks shape and relative error, and prints the error for the record. */
    public static void assertClose(String what, FloatTensor expected, FloatTensor actual, double tolerance) {
        long[] want = expected.shape();
        long[] got = actual.shape();
        assertEquals(java.util.Arrays.stream(want).reduce(1, (x, y) -> x * y), java.util.Arrays.stream(got).reduce(1, (x, y) -> x * y),
                what + ": " + java.util.Arrays.toString(got) + " vs reference " + java.util.Arrays.toString(want));
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.data().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual.data()[i] - expected.data()[i]));
            maxRef = Math.max(maxRef, Math.abs((double) expected.data()[i]));
        }
        double relative = maxDiff / Math.max(maxRef, 1e-30);
        System.out.printf("parity %s: max|d| %.3g, relative %.3g%n", what, maxDiff, relative);
        assertTrue(relative < tolerance, what + ": relative error " + relative + " (max|d| " + maxDiff + ")");
    }
}
