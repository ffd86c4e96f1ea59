package org.alphaclip.mllm.internal.graph;

import org.alphaclip.api.tensor.FloatTensor;

/** Row selection and concatenation of sequence tensors {@code [rows, positions, width]}. */
public final class SequenceTensors {

    private SequenceTensors() {
    }

    /** Rows {@code parents[i]} of a tensor along axis 0, in that order (a row may be taken several times). */
    public static FloatTensor selectRows(FloatTensor tensor, int[] parents) {
        long[] shape = tensor.shape();
        int rowLength = (int) (tensor.data().length / shape[0]);
        float[] data = new float[parents.length * rowLength];
        for (int i = 0; i < parents.length; i++) {
            System.arraycopy(tensor.data(), parents[i] * rowLength, data, i * rowLength, rowLength);
        }
        shape[0] = parents.length;
        return new FloatTensor(shape, data);
    }

    /** The parts one after the other along the positions (axis 1); every part has the same rows and width. */
    public static FloatTensor concat(FloatTensor... parts) {
        long[] first = parts[0].shape();
        int rows = (int) first[0];
        int width = (int) first[2];
        int positions = 0;
        for (FloatTensor part : parts) {
            long[] shape = part.shape();
            if (shape.length != 3 || shape[0] != rows || shape[2] != width) {
                throw new IllegalArgumentException("cannot join " + java.util.Arrays.toString(shape) + " to sequences of "
                        + rows + " rows and width " + width);
            }
            positions += (int) shape[1];
        }
        float[] data = new float[rows * positions * width];
        int offset = 0;
        for (FloatTensor part : parts) {
            int partRow = (int) part.shape()[1] * width;
            for (int row = 0; row < rows; row++) {
                System.arraycopy(part.data(), row * partRow, data, row * positions * width + offset, partRow);
            }
            offset += partRow;
        }
        return new FloatTensor(new long[] {rows, positions, width}, data);
    }
}
