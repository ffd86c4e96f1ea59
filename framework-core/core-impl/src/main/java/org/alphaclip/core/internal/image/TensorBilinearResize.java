package org.alphaclip.core.internal.image;

/**
 * Bilinear resampling of a one-channel float32 image exactly as PyTorch 1.13's CPU
 * {@code interpolate(mode='bilinear', align_corners=False, antialias=False)} computes it (what
 * torchvision's {@code Resize} does to a tensor): no antialiasing, source coordinate
 * {@code (dst + 0.5) * scale - 0.5} clamped at 0 with a float32 scale {@code in / out}, float32
 * weights, the four weighted neighbours summed in double and rounded once to float32.
 */
final class TensorBilinearResize {

    private TensorBilinearResize() {
    }

    /**
     * Resizes {@code in} (width x height) to outWidth x outHeight and returns the window of
     * windowWidth x windowHeight output pixels whose top-left output pixel is (left, top).
     */
    static float[] resizeWindow(float[] in, int width, int height, int outWidth, int outHeight, int left, int top,
            int windowWidth, int windowHeight) {
        if (left < 0 || top < 0 || left + windowWidth > outWidth || top + windowHeight > outHeight) {
            throw new IllegalArgumentException("Window " + windowWidth + "x" + windowHeight + "+" + left + "+" + top
                    + " does not fit " + outWidth + "x" + outHeight);
        }
        Axis xs = Axis.of(width, outWidth);
        Axis ys = Axis.of(height, outHeight);
        float[] out = new float[windowWidth * windowHeight];
        for (int wy = 0; wy < windowHeight; wy++) {
            int y = top + wy;
            int row0 = ys.index0[y] * width;
            int row1 = ys.index1[y] * width;
            for (int wx = 0; wx < windowWidth; wx++) {
                int x = left + wx;
                float w00 = ys.lambda0[y] * xs.lambda0[x];
                float w01 = ys.lambda0[y] * xs.lambda1[x];
                float w10 = ys.lambda1[y] * xs.lambda0[x];
                float w11 = ys.lambda1[y] * xs.lambda1[x];
                double sum = (double) in[row0 + xs.index0[x]] * w00 + (double) in[row0 + xs.index1[x]] * w01
                        + (double) in[row1 + xs.index0[x]] * w10 + (double) in[row1 + xs.index1[x]] * w11;
                out[wy * windowWidth + wx] = (float) sum;
            }
        }
        return out;
    }

    /** The two source indices and their weights for every output index along one axis. */
    private record Axis(int[] index0, int[] index1, float[] lambda0, float[] lambda1) {

        static Axis of(int inSize, int outSize) {
            Axis axis = new Axis(new int[outSize], new int[outSize], new float[outSize], new float[outSize]);
            float scale = (float) inSize / (float) outSize;
            for (int o = 0; o < outSize; o++) {
                if (inSize == outSize) {
                    axis.index0[o] = o;
                    axis.index1[o] = o;
                    axis.lambda0[o] = 1f;
                    continue;
                }
                double source = Math.max(0.0, scale * (o + 0.5) - 0.5);
                int index = (int) source;
                axis.index0[o] = index;
                axis.index1[o] = index < inSize - 1 ? index + 1 : index;
                axis.lambda1[o] = (float) (source - index);
                axis.lambda0[o] = 1f - axis.lambda1[o];
            }
            return axis;
        }
    }
}
