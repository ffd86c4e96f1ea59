package org.alphaclip.rec.internal.image;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;

/** Small pixel operations on decoded images and masks: crops, stretches, compositing, drawing. */
public final class Pixels {

    private Pixels() {
    }

    /** The pixel columns and rows a box covers, clamped to the image: {@code [x0, y0, x1, y1)}, never empty. */
    public static int[] pixelBounds(Region.Box box, int width, int height) {
        int x0 = clamp((int) Math.floor(box.x0()), 0, width - 1);
        int y0 = clamp((int) Math.floor(box.y0()), 0, height - 1);
        int x1 = clamp((int) Math.ceil(box.x1()), x0 + 1, width);
        int y1 = clamp((int) Math.ceil(box.y1()), y0 + 1, height);
        return new int[] {x0, y0, x1, y1};
    }

    /** The mask of a box: 255 on the pixels it covers. */
    public static GrayImage boxMask(int width, int height, Region.Box box) {
        int[] b = pixelBounds(box, width, height);
        byte[] values = new byte[width * height];
        for (int y = b[1]; y < b[3]; y++) {
            java.util.Arrays.fill(values, y * width + b[0], y * width + b[2], (byte) 255);
        }
        return new GrayImage(width, height, values);
    }

    /** The bounding box of a mask's foreground (values >= 128), or {@code null} when it has none. */
    public static Region.Box bounds(GrayImage mask) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.value(x, y) >= 128) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new Region.Box(x0, y0, x1 + 1.0, y1 + 1.0);
    }

    /** The columns {@code [x0, x1)} and rows {@code [y0, y1)} of an image. */
    public static RgbImage crop(RgbImage image, int[] bounds) {
        int w = bounds[2] - bounds[0];
        int h = bounds[3] - bounds[1];
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.rgb(), ((bounds[1] + y) * image.width() + bounds[0]) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out, null);
    }

    /** The columns {@code [x0, x1)} and rows {@code [y0, y1)} of a mask. */
    public static GrayImage crop(GrayImage mask, int[] bounds) {
        int w = bounds[2] - bounds[0];
        int h = bounds[3] - bounds[1];
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(mask.values(), (bounds[1] + y) * mask.width() + bounds[0], out, y * w, w);
        }
        return new GrayImage(w, h, out);
    }

    /** The image resampled to {@code width x height} bilinearly (pixel centres aligned). */
    public static RgbImage stretch(RgbImage image, int width, int height) {
        int sw = image.width();
        int sh = image.height();
        byte[] src = image.rgb();
        byte[] out = new byte[width * height * 3];
        double sx = (double) sw / width;
        double sy = (double) sh / height;
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(sh - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(sw - 1, x0 + 1);
                double wx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    double top = (src[(y0 * sw + x0) * 3 + c] & 0xFF) * (1 - wx) + (src[(y0 * sw + x1) * 3 + c] & 0xFF) * wx;
                    double bottom = (src[(y1 * sw + x0) * 3 + c] & 0xFF) * (1 - wx) + (src[(y1 * sw + x1) * 3 + c] & 0xFF) * wx;
                    out[(y * width + x) * 3 + c] = (byte) (int) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return new RgbImage(width, height, out, null);
    }

    /** The mask resampled to {@code width x height}, nearest pixel. */
    public static GrayImage stretch(GrayImage mask, int width, int height) {
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(mask.height() - 1, (int) ((y + 0.5) * mask.height() / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(mask.width() - 1, (int) ((x + 0.5) * mask.width() / width));
                out[y * width + x] = mask.values()[sy * mask.width() + sx];
            }
        }
        return new GrayImage(width, height, out);
    }

    /** {@code inside} where the mask is foreground (>= 128), {@code outside} elsewhere. */
    public static RgbImage composite(RgbImage inside, RgbImage outside, GrayImage mask) {
        byte[] out = outside.rgb().clone();
        byte[] in = inside.rgb();
        byte[] m = mask.values();
        for (int i = 0; i < m.length; i++) {
            if ((m[i] & 0xFF) >= 128) {
                out[i * 3] = in[i * 3];
                out[i * 3 + 1] = in[i * 3 + 1];
                out[i * 3 + 2] = in[i * 3 + 2];
            }
        }
        return new RgbImage(inside.width(), inside.height(), out, null);
    }

    /** The image with every pixel outside the mask turned grey (ITU-R 601 luma). */
    public static RgbImage grayOutside(RgbImage image, GrayImage mask) {
        byte[] out = image.rgb().clone();
        byte[] m = mask.values();
        for (int i = 0; i < m.length; i++) {
            if ((m[i] & 0xFF) < 128) {
                int gray = (int) (0.2989 * (out[i * 3] & 0xFF) + 0.5870 * (out[i * 3 + 1] & 0xFF) + 0.1140 * (out[i * 3 + 2] & 0xFF));
                out[i * 3] = (byte) gray;
                out[i * 3 + 1] = (byte) gray;
                out[i * 3 + 2] = (byte) gray;
            }
        }
        return new RgbImage(image.width(), image.height(), out, null);
    }

    /**
     * The image with an ellipse outline drawn around a box: the ellipse through the box's corners
     * ({@code sqrt(2)} times its half sides), widened by the line thickness so the line stays off the box.
     */
    public static RgbImage ellipse(RgbImage image, Region.Box box, int[] colour, double thickness) {
        byte[] out = image.rgb().clone();
        double cx = box.center().x();
        double cy = box.center().y();
        double half = thickness / 2;
        double a = box.width() / Math.sqrt(2) + thickness;
        double b = box.height() / Math.sqrt(2) + thickness;
        int x0 = clamp((int) Math.floor(cx - a - half), 0, image.width() - 1);
        int x1 = clamp((int) Math.ceil(cx + a + half), 0, image.width() - 1);
        int y0 = clamp((int) Math.floor(cy - b - half), 0, image.height() - 1);
        int y1 = clamp((int) Math.ceil(cy + b + half), 0, image.height() - 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = (x + 0.5 - cx) / a;
                double dy = (y + 0.5 - cy) / b;
                double r = Math.sqrt(dx * dx + dy * dy);
                // distance to the outline, approximately, in pixels
                if (Math.abs(r - 1) * Math.min(a, b) <= half) {
                    int i = (y * image.width() + x) * 3;
                    out[i] = (byte) colour[0];
                    out[i + 1] = (byte) colour[1];
                    out[i + 2] = (byte) colour[2];
                }
            }
        }
        return new RgbImage(image.width(), image.height(), out, null);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
