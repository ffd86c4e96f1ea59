package org.alphaclip.api.tensor;

import java.util.Arrays;

/** A dense row-major tensor held in a Java array. */
public sealed interface Tensor permits FloatTensor, LongTensor, IntTensor {

    /** The dimensions, outermost first. */
    long[] shape();

    /** The number of elements the shape describes. */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Checks that a data length matches a shape. */
    static void checkLength(long[] shape, int length) {
        if (elementCount(shape) != length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " holds " + elementCount(shape)
                    + " elements, but the data has " + length);
        }
    }
}
