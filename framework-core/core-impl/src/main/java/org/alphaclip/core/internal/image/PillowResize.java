package org.alphaclip.core.internal.image;

import java.util.Arrays;

/**
 * Pillow 9.4's antialiased bicubic resampling of 8-bit images ({@code Image.resize(size, BICUBIC)}),
 * reproduced bit for bit: separable filters whose support grows with the downscale factor, weights
 * in fixed point, a horizontal pass and then a vertical pass, each rounding and clamping to 8 bits.
 * A pass is skipped when its dimension keeps its size.
 */
public final class PillowResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final double CUBIC_A = -0.5;
    private static final double CUBIC_SUPPORT = 2.0;

    private PillowResize() {
    }

    /**
     * Resizes interleaved 8-bit pixels.
     *
     * @param pixels {@code width * height * channels} bytes, row-major, channels interleaved
     * @param channels samples per pixel (1 for grey, 3 for RGB)
     * @return {@code newWidth * newHeight * channels} bytes; a copy when the size does not change
     */
    public static byte[] resize(byte[] pixels, int width, int height, int channels, int newWidth, int newHeight) {
        if (width < 1 || height < 1 || newWidth < 1 || newHeight < 1 || channels < 1) {
            throw new IllegalArgumentException("Cannot resize " + width + "x" + height + "x" + channels + " to "
                    + newWidth + "x" + newHeight);
        }
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException(pixels.length + " bytes do not fit " + width + "x" + height + "x" + channels);
        }
        Filter horizontal = Filter.of(width, newWidth);
        Filter vertical = Filter.of(height, newHeight);
        byte[] current = pixels;
        int rowOffset = 0;
        if (newWidth != width) {
            int firstRow = vertical.first[0];
            int endRow = vertical.first[newHeight - 1] + vertical.count[newHeight - 1];
            current = horizontalPass(pixels, width, channels, firstRow, endRow, horizontal);
            rowOffset = firstRow;
        }
        if (newHeight != height) {
            current = verticalPass(current, newWidth, channels, rowOffset, vertical);
        }
        return current == pixels ? pixels.clone() : current;
    }

    private static byte[] horizontalPass(byte[] in, int width, int channels, int firstRow, int endRow, Filter filter) {
        int outWidth = filter.outSize;
        byte[] out = new byte[(endRow - firstRow) * outWidth * channels];
        int[] sums = new int[channels];
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int rowStart = y * width * channels;
            for (int x = 0; x < outWidth; x++) {
                Arrays.fill(sums, HALF);
                int weightBase = x * filter.taps;
                int pixel = rowStart + filter.first[x] * channels;
                for (int t = 0; t < filter.count[x]; t++, pixel += channels) {
                    int weight = filter.weights[weightBase + t];
                    for (int c = 0; c < channels; c++) {
                        sums[c] += (in[pixel + c] & 0xFF) * weight;
                    }
                }
                for (int c = 0; c < channels; c++) {
                    out[o++] = clip8(sums[c]);
                }
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] in, int width, int channels, int rowOffset, Filter filter) {
        int rowBytes = width * channels;
        byte[] out = new byte[filter.outSize * rowBytes];
        int o = 0;
        for (int y = 0; y < filter.outSize; y++) {
            int weightBase = y * filter.taps;
            int firstRowStart = (filter.first[y] - rowOffset) * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                int sum = HALF;
                int sample = firstRowStart + i;
                for (int t = 0; t < filter.count[y]; t++, sample += rowBytes) {
                    sum += (in[sample] & 0xFF) * filter.weights[weightBase + t];
                }
                out[o++] = clip8(sum);
            }
        }
        return out;
    }

    private static byte clip8(int sum) {
        if (sum >= 1 << PRECISION_BITS << 8) {
            return (byte) 255;
        }
        if (sum <= 0) {
            return 0;
        }
        return (byte) (sum >> PRECISION_BITS);
    }

    private static double cubic(double x) {
        double a = CUBIC_A;
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
        }
        if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * a;
        }
        return 0.0;
    }

    /** Per output index: the first input index, how many inputs, and their fixed-point weights. */
    private static final class Filter {
        final int outSize;
        final int taps;
        final int[] first;
        final int[] count;
        final int[] weights;

        private Filter(int outSize, int taps) {
            this.outSize = outSize;
            this.taps = taps;
            this.first = new int[outSize];
            this.count = new int[outSize];
            this.weights = new int[outSize * taps];
        }

        static Filter of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = CUBIC_SUPPORT * filterScale;
            Filter filter = new Filter(outSize, (int) Math.ceil(support) * 2 + 1);
            double[] taps = new double[filter.taps];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                double invScale = 1.0 / filterScale;
                int start = Math.max((int) (center - support + 0.5), 0);
                int count = Math.min((int) (center + support + 0.5), inSize) - start;
                double total = 0.0;
                for (int t = 0; t < count; t++) {
                    taps[t] = cubic((t + start - center + 0.5) * invScale);
                    total += taps[t];
                }
                for (int t = 0; t < count; t++) {
                    double weight = total != 0.0 ? taps[t] / total : taps[t];
                    filter.weights[o * filter.taps + t] = toFixedPoint(weight);
                }
                filter.first[o] = start;
                filter.count[o] = count;
            }
            return filter;
        }

        private static int toFixedPoint(double weight) {
            double scaled = weight * (1 << PRECISION_BITS);
            return (int) (weight < 0 ? scaled - 0.5 : scaled + 0.5);
        }
    }
}
