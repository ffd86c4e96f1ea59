package org.alphaclip.api.tensor;

import java.util.Arrays;

/**
 * A long tensor.
 *
 * @param shape the dimensions, outermost first
 * @param data the elements in row-major order (not copied: callers hand over ownership)
 */
public record LongTensor(long[] shape, long[] data) implements Tensor {

    /** Checks that the data fills the shape. */
    public LongTensor {
        shape = shape.clone();
        Tensor.checkLength(shape, data.length);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Row {@code index} of the outermost dimension, copied. */
    public long[] row(int index) {
        int rowLength = data.length / (int) shape[0];
        return Arrays.copyOfRange(data, index * rowLength, (index + 1) * rowLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LongTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LongTensor" + Arrays.toString(shape);
    }
}
