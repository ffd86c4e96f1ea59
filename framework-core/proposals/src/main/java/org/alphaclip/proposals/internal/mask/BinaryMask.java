package org.alphaclip.proposals.internal.mask;

import java.util.Arrays;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.region.Region;

/**
 * A binary mask of an image's size, one boolean per pixel in row-major order, with the measurements
 * proposers need: area, bounding box, overlap.
 *
 * <pre>{@code
 * BinaryMask mask = new BinaryMask(width, height, pixels);
 * Region.Box box = mask.box();      // exclusive corners, null when empty
 * GrayImage gray = mask.toGray();   // 255 inside, 0 outside
 * }</pre>
 *
 * @param width pixels per row
 * @param height rows
 * @param pixels {@code width * height} values (not copied: the caller hands them over)
 */
public record BinaryMask(int width, int height, boolean[] pixels) {

    /** Checks the size. */
    public BinaryMask {
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException(pixels.length + " mask pixels do not fit " + width + "x" + height);
        }
    }

    /** An empty mask. */
    public static BinaryMask empty(int width, int height) {
        return new BinaryMask(width, height, new boolean[width * height]);
    }

    /** The pixels at or above a threshold (1..255) of a grey mask. */
    public static BinaryMask of(GrayImage gray, int threshold) {
        boolean[] pixels = new boolean[gray.values().length];
        byte[] values = gray.values();
        for (int i = 0; i < values.length; i++) {
            pixels[i] = (values[i] & 0xFF) >= threshold;
        }
        return new BinaryMask(gray.width(), gray.height(), pixels);
    }

    /** Whether pixel (x, y) is inside. */
    public boolean get(int x, int y) {
        return pixels[y * width + x];
    }

    /** The number of pixels inside. */
    public int area() {
        int area = 0;
        for (boolean p : pixels) {
            if (p) {
                area++;
            }
        }
        return area;
    }

    /**
     * The bounding box with inclusive pixel indices {@code [x0, y0, x1, y1]}, or {@code [0, 0, 0, 0]} when
     * the mask is empty (segment-anything's {@code batched_mask_to_box} convention).
     */
    public int[] inclusiveBox() {
        int[] bounds = bounds();
        return bounds == null ? new int[4] : bounds;
    }

    /** The bounding box {@code [x0, y0, x1, y1)} with exclusive ends, or {@code null} when empty. */
    public Region.Box box() {
        int[] b = bounds();
        return b == null ? null : new Region.Box(b[0], b[1], b[2] + 1.0, b[3] + 1.0);
    }

    private int[] bounds() {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (pixels[row + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = y;
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1, y1};
    }

    /** Intersection over union with another mask of the same size (0 when both are empty). */
    public double iou(BinaryMask other) {
        checkSameSize(other);
        int intersection = 0;
        int union = 0;
        for (int i = 0; i < pixels.length; i++) {
            boolean a = pixels[i];
            boolean b = other.pixels[i];
            if (a && b) {
                intersection++;
            }
            if (a || b) {
                union++;
            }
        }
        return union == 0 ? 0.0 : (double) intersection / union;
    }

    /** The mask as a grey image: 255 inside, 0 outside. */
    public GrayImage toGray() {
        byte[] values = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = pixels[i] ? (byte) 255 : 0;
        }
        return new GrayImage(width, height, values);
    }

    /** This mask placed at (x0, y0) of a larger empty canvas. */
    public BinaryMask placeInto(int canvasWidth, int canvasHeight, int x0, int y0) {
        if (x0 < 0 || y0 < 0 || x0 + width > canvasWidth || y0 + height > canvasHeight) {
            throw new IllegalArgumentException("A " + width + "x" + height + " mask at (" + x0 + "," + y0 + ") leaves the "
                    + canvasWidth + "x" + canvasHeight + " canvas");
        }
        if (x0 == 0 && y0 == 0 && width == canvasWidth && height == canvasHeight) {
            return this;
        }
        boolean[] out = new boolean[canvasWidth * canvasHeight];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, out, (y + y0) * canvasWidth + x0, width);
        }
        return new BinaryMask(canvasWidth, canvasHeight, out);
    }

    private void checkSameSize(BinaryMask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("Masks of " + width + "x" + height + " and " + other.width + "x" + other.height
                    + " cannot be compared");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return (width * 31 + height) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "BinaryMask[" + width + "x" + height + ", area " + area() + "]";
    }
}
