package org.alphaclip.nerf.internal.augment;

/**
 * An axis-aligned affine resampling with bilinear interpolation and zero outside the source: output pixel centre
 * {@code (x, y)} reads the source at {@code (scaleX·(x + ½) + offsetX − ½, scaleY·(y + ½) + offsetY − ½)}, the
 * {@code align_corners=False} convention. Integer shifts, crops, resizes and zooms about the centre are all such
 * warps.
 */
public final class BilinearWarp implements ImageOp {

    private final int outHeight;
    private final int outWidth;
    private final double scaleX;
    private final double scaleY;
    private final double offsetX;
    private final double offsetY;
    private int inHeight;
    private int inWidth;

    /**
     * @param outHeight output rows
     * @param outWidth output columns
     * @param scaleX source pixels per output pixel, horizontally
     * @param scaleY source pixels per output pixel, vertically
     * @param offsetX source x of the output's left edge
     * @param offsetY source y of the output's top edge
     */
    public BilinearWarp(int outHeight, int outWidth, double scaleX, double scaleY, double offsetX, double offsetY) {
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.scaleX = scaleX;
        this.scaleY = scaleY;
        this.offsetX = offsetX;
        this.offsetY = offsetY;
    }

    /** A shift by whole pixels (content moves right and down by dx, dy), zero filled. */
    public static BilinearWarp shift(int height, int width, int dx, int dy) {
        return new BilinearWarp(height, width, 1, 1, -dx, -dy);
    }

    /** A zoom by {@code factor} about the image centre, same size out. */
    public static BilinearWarp zoom(int height, int width, double factor) {
        double scale = 1 / factor;
        return new BilinearWarp(height, width, scale, scale, width / 2.0 * (1 - scale), height / 2.0 * (1 - scale));
    }

    /** The square {@code crop} at (x0, y0) resized to {@code size}. */
    public static BilinearWarp cropResize(int x0, int y0, int crop, int size) {
        double scale = crop / (double) size;
        return new BilinearWarp(size, size, scale, scale, x0, y0);
    }

    @Override
    public Planes forward(Planes input) {
        inHeight = input.height();
        inWidth = input.width();
        Planes output = Planes.zeros(input.channels(), outHeight, outWidth);
        apply(input.values(), output.values(), input.channels(), false);
        return output;
    }

    @Override
    public Planes backward(Planes outputGradient) {
        Planes inputGradient = Planes.zeros(outputGradient.channels(), inHeight, inWidth);
        apply(inputGradient.values(), outputGradient.values(), outputGradient.channels(), true);
        return inputGradient;
    }

    /** Forward: out += W·in; adjoint: in += Wᵀ·out. */
    private void apply(float[] source, float[] target, int channels, boolean adjoint) {
        int inPlane = inHeight * inWidth;
        int outPlane = outHeight * outWidth;
        for (int y = 0; y < outHeight; y++) {
            double sy = scaleY * (y + 0.5) + offsetY - 0.5;
            int y0 = (int) Math.floor(sy);
            float fy = (float) (sy - y0);
            for (int x = 0; x < outWidth; x++) {
                double sx = scaleX * (x + 0.5) + offsetX - 0.5;
                int x0 = (int) Math.floor(sx);
                float fx = (float) (sx - x0);
                for (int corner = 0; corner < 4; corner++) {
                    int cy = y0 + (corner >> 1);
                    int cx = x0 + (corner & 1);
                    if (cy < 0 || cx < 0 || cy >= inHeight || cx >= inWidth) {
                        continue;
                    }
                    float weight = ((corner >> 1) == 1 ? fy : 1 - fy) * ((corner & 1) == 1 ? fx : 1 - fx);
                    if (weight == 0) {
                        continue;
                    }
                    for (int c = 0; c < channels; c++) {
                        int in = c * inPlane + cy * inWidth + cx;
                        int out = c * outPlane + y * outWidth + x;
                        if (adjoint) {
                            source[in] += weight * target[out];
                        } else {
                            target[out] += weight * source[in];
                        }
                    }
                }
            }
        }
    }
}
