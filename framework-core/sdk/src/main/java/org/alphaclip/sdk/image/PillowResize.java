package org.alphaclip.sdk.image;

import java.util.function.DoubleUnaryOperator;

/**
 * Pillow 9.4's antialiased {@code Image.resize(size, filter)} of 8-bit images, bit for bit: separable
 * filters whose support grows with the downscale factor, weights normalised per output pixel and turned
 * into 22-bit fixed point, a horizontal pass over the rows the vertical pass needs and then a vertical
 * pass, each rounding and clamping to 8 bits. A pass whose dimension keeps its size is skipped. The
 * official CLIP preprocessing resizes with {@link Filter#BICUBIC}; segment-anything's
 * {@code ResizeLongestSide.apply_image} with {@link Filter#BILINEAR}.
 */
public final class PillowResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int ROUNDING = 1 << (PRECISION_BITS - 1);

    /** Pillow's resampling filters, with their kernel and support. */
    public enum Filter {
        /** {@code Image.BILINEAR}: the triangle kernel, support 1. */
        BILINEAR(1.0, x -> {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }),
        /** {@code Image.BICUBIC}: the cubic convolution kernel with a = -0.5, support 2. */
        BICUBIC(2.0, x -> {
            double a = -0.5;
            double t = Math.abs(x);
            if (t < 1.0) {
                return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
            }
            if (t < 2.0) {
                return (((t - 5) * t + 8) * t - 4) * a;
            }
            return 0.0;
        });

        private final double support;
        private final DoubleUnaryOperator kernel;

        Filter(double support, DoubleUnaryOperator kernel) {
            this.support = support;
            this.kernel = kernel;
        }
    }

    private PillowResize() {
    }

    /**
     * Resizes interleaved 8-bit pixels.
     *
     * @param pixels {@code width * height * channels} bytes, row-major, channels interleaved
     * @param channels samples per pixel (1 for grey, 3 for RGB)
     * @return {@code newWidth * newHeight * channels} bytes; a copy when the size does not change
     */
    public static byte[] resize(byte[] pixels, int width, int height, int channels, int newWidth, int newHeight,
            Filter filter) {
        if (width < 1 || height < 1 || newWidth < 1 || newHeight < 1 || channels < 1
                || pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("Cannot resize " + pixels.length + " bytes as " + width + "x" + height + "x"
                    + channels + " to " + newWidth + "x" + newHeight);
        }
        Taps columns = Taps.of(width, newWidth, filter);
        Taps rows = Taps.of(height, newHeight, filter);
        byte[] current = pixels;
        int firstRow = 0;
        if (newWidth != width) {
            firstRow = rows.start[0];
            int endRow = rows.start[newHeight - 1] + rows.count[newHeight - 1];
            current = horizontal(pixels, width, channels, firstRow, endRow, columns);
        }
        if (newHeight != height) {
            current = vertical(current, newWidth * channels, firstRow, rows);
        }
        return current == pixels ? pixels.clone() : current;
    }

    private static byte[] horizontal(byte[] in, int width, int channels, int firstRow, int endRow, Taps taps) {
        int outWidth = taps.start.length;
        byte[] out = new byte[(endRow - firstRow) * outWidth * channels];
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int row = y * width * channels;
            for (int x = 0; x < outWidth; x++) {
                int base = x * taps.stride;
                for (int c = 0; c < channels; c++) {
                    int sum = ROUNDING;
                    int sample = row + taps.start[x] * channels + c;
                    for (int t = 0; t < taps.count[x]; t++, sample += channels) {
                        sum += (in[sample] & 0xFF) * taps.weights[base + t];
                    }
                    out[o++] = clip(sum);
                }
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] in, int rowBytes, int firstRow, Taps taps) {
        int outHeight = taps.start.length;
        byte[] out = new byte[outHeight * rowBytes];
        int o = 0;
        for (int y = 0; y < outHeight; y++) {
            int base = y * taps.stride;
            int first = (taps.start[y] - firstRow) * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                int sum = ROUNDING;
                int sample = first + i;
                for (int t = 0; t < taps.count[y]; t++, sample += rowBytes) {
                    sum += (in[sample] & 0xFF) * taps.weights[base + t];
                }
                out[o++] = clip(sum);
            }
        }
        return out;
    }

    private static byte clip(int sum) {
        if (sum >= 1 << PRECISION_BITS << 8) {
            return (byte) 255;
        }
        return sum <= 0 ? 0 : (byte) (sum >> PRECISION_BITS);
    }

    /** For each output index: the first input index, the number of inputs and their fixed-point weights. */
    private static final class Taps {
        final int stride;
        final int[] start;
        final int[] count;
        final int[] weights;

        private Taps(int outSize, int stride) {
            this.stride = stride;
            this.start = new int[outSize];
            this.count = new int[outSize];
            this.weights = new int[outSize * stride];
        }

        static Taps of(int inSize, int outSize, Filter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support * filterScale;
            Taps taps = new Taps(outSize, (int) Math.ceil(support) * 2 + 1);
            double[] w = new double[taps.stride];
            double inverse = 1.0 / filterScale;
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int first = Math.max((int) (center - support + 0.5), 0);
                int n = Math.min((int) (center + support + 0.5), inSize) - first;
                double total = 0.0;
                for (int t = 0; t < n; t++) {
                    w[t] = filter.kernel.applyAsDouble((t + first - center + 0.5) * inverse);
                    total += w[t];
                }
                for (int t = 0; t < n; t++) {
                    double normalised = total != 0.0 ? w[t] / total : w[t];
                    double scaled = normalised * (1 << PRECISION_BITS);
                    taps.weights[o * taps.stride + t] = (int) (normalised < 0 ? scaled - 0.5 : scaled + 0.5);
                }
                taps.start[o] = first;
                taps.count[o] = n;
            }
            return taps;
        }
    }
}
