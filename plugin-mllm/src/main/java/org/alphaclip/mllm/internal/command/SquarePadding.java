package org.alphaclip.mllm.internal.command;

import java.util.List;

import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;

/**
 * LLaVA-1.5's {@code image_aspect_ratio: pad} ({@code expand2square}): a non-square image is centred on a square of
 * its longer side filled with the encoder's mean colour ({@code int(mean × 255)} per channel), before the encoder's
 * own preprocessing; the region moves with the picture. Boxes, points and strokes are shifted; a mask (padded on its
 * own square when it has another size of the same shape, which the encoder then stretches as always) and the image's
 * own alpha channel are padded with background (0), so the padding is never part of the region; the whole image
 * stays alpha all ones over the square, as a plain CLIP sees the padded picture.
 *
 * <pre>{@code
 * RegionImage square = SquarePadding.pad(image, region, encoder.model().preprocessing().mean());
 * }</pre>
 */
final class SquarePadding {

    /** How far a mask's width / height may differ from the image's and still count as the same shape. */
    private static final double ASPECT_TOLERANCE = 0.01;

    private SquarePadding() {
    }

    /**
     * The image on a square, with its region.
     *
     * @param mean the encoder's per-channel mean in [0, 1]
     * @throws IllegalArgumentException when a mask has another shape than the image (it could not be padded alike)
     */
    static RegionImage pad(RgbImage image, Region region, float[] mean) {
        int width = image.width();
        int height = image.height();
        if (width == height) {
            return new RegionImage(image, region);
        }
        int side = Math.max(width, height);
        int dx = (side - width) / 2;
        int dy = (side - height) / 2;
        byte[] rgb = new byte[side * side * 3];
        for (int i = 0; i < side * side; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[i * 3 + c] = (byte) (int) (mean[c] * 255);
            }
        }
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.rgb(), y * width * 3, rgb, ((y + dy) * side + dx) * 3, width * 3);
        }
        byte[] alpha = image.hasAlpha() ? padPlane(image.alpha(), width, height, side, dx, dy) : null;
        return new RegionImage(new RgbImage(side, side, rgb, alpha), shift(region, width, height, side, dx, dy));
    }

    private static Region shift(Region region, int width, int height, int side, int dx, int dy) {
        if (region instanceof Region.Box b) {
            return new Region.Box(b.x0() + dx, b.y0() + dy, b.x1() + dx, b.y1() + dy);
        }
        if (region instanceof Region.Points p) {
            return new Region.Points(shift(p.points(), dx, dy), p.radius());
        }
        if (region instanceof Region.Strokes s) {
            return new Region.Strokes(s.polylines().stream().map(line -> shift(line, dx, dy)).toList(), s.width());
        }
        if (region instanceof Region.Mask m) {
            GrayImage mask = m.mask();
            int maskWidth = mask.width();
            int maskHeight = mask.height();
            if (Math.abs((double) maskWidth / maskHeight - (double) width / height) > ASPECT_TOLERANCE) {
                throw new IllegalArgumentException("--mask is " + maskWidth + "x" + maskHeight + " but the image is " + width
                        + "x" + height + ", another shape; the package pads images to squares (image_aspect_ratio pad),"
                        + " which needs a mask of the image's shape");
            }
            int maskSide = Math.max(maskWidth, maskHeight);
            return new Region.Mask(new GrayImage(maskSide, maskSide, padPlane(mask.values(), maskWidth, maskHeight, maskSide,
                    (maskSide - maskWidth) / 2, (maskSide - maskHeight) / 2)), m.threshold());
        }
        return region; // the whole image, and the image's own alpha channel (padded with the image)
    }

    private static List<Region.Point> shift(List<Region.Point> points, int dx, int dy) {
        return points.stream().map(p -> new Region.Point(p.x() + dx, p.y() + dy)).toList();
    }

    /** One byte per pixel, centred on a square of zeros. */
    private static byte[] padPlane(byte[] plane, int width, int height, int side, int dx, int dy) {
        byte[] out = new byte[side * side];
        for (int y = 0; y < height; y++) {
            System.arraycopy(plane, y * width, out, (y + dy) * side + dx, width);
        }
        return out;
    }
}
