package org.alphaclip.pointe.internal.pipeline;

import org.alphaclip.api.tensor.FloatTensor;

/**
 * The pre-processing between the encoder and Point-E: the encoder's hidden states {@code [B, L, C]} (class token
 * dropped) of one batch row, as the channel-major grid {@code [1, C, L]} that Point-E's {@code embed_images_grid}
 * returns.
 */
public final class GridTokens {

    private GridTokens() {
    }

    /** Row {@code row} of {@code [B, L, C]} tokens as a {@code [1, C, L]} grid. */
    public static FloatTensor channelMajor(FloatTensor tokens, int row) {
        int length = (int) tokens.shape()[1];
        int width = (int) tokens.shape()[2];
        float[] values = tokens.row(row);
        float[] grid = new float[length * width];
        for (int l = 0; l < length; l++) {
            for (int c = 0; c < width; c++) {
                grid[c * length + l] = values[l * width + c];
            }
        }
        return new FloatTensor(new long[] {1, width, length}, grid);
    }
}
