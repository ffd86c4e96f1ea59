package org.alphaclip.sdk.image;

import org.alphaclip.api.image.RgbImage;

/**
 * Shows a region over its image the way the platform's commands draw it: pixels outside the region dimmed
 * towards dark blue, the region's edge in yellow, the rest as it is.
 *
 * <pre>{@code
 * ForegroundMap region = RegionRasterizer.rasterize(new Region.Box(10, 10, 60, 40), image);
 * RgbImage shown = RegionOverlay.shade(image, region.foreground());
 * }</pre>
 */
public final class RegionOverlay {

    /** The edge colour, {@code 0xRRGGBB}. */
    public static final int EDGE = 0xFFC800;

    private RegionOverlay() {
    }

    /**
     * The image with the region shown.
     *
     * @param foreground one flag per pixel of the image, row-major, as {@link ForegroundMap#foreground()}
     */
    public static RgbImage shade(RgbImage image, boolean[] foreground) {
        int w = image.width();
        int h = image.height();
        if (foreground.length != (long) w * h) {
            throw new IllegalArgumentException(foreground.length + " region flags do not fit the " + w + "x" + h + " image");
        }
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = in[3 * i] & 0xFF;
                int g = in[3 * i + 1] & 0xFF;
                int b = in[3 * i + 2] & 0xFF;
                if (!foreground[i]) {
                    r = r * 3 / 10;
                    g = g * 3 / 10;
                    b = Math.min(255, b * 3 / 10 + 40);
                } else if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !foreground[i - 1] || !foreground[i + 1]
                        || !foreground[i - w] || !foreground[i + w]) {
                    r = EDGE >> 16;
                    g = EDGE >> 8 & 0xFF;
                    b = EDGE & 0xFF;
                }
                out[3 * i] = (byte) r;
                out[3 * i + 1] = (byte) g;
                out[3 * i + 2] = (byte) b;
            }
        }
        return new RgbImage(w, h, out, null);
    }
}
