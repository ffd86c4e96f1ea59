package org.alphaclip.ovd.internal.rle;

import java.util.Arrays;

import org.alphaclip.api.image.GrayImage;

/**
 * A binary mask in COCO's run-length encoding: the pixels are read column by column (column-major, top to
 * bottom, then left to right) and {@code counts} holds the lengths of alternating runs, starting with a run of
 * background (which may be 0 long). {@link #compressed()} gives COCO's compact string form of the counts.
 *
 * <pre>{@code
 * Rle rle = Rle.of(mask, 128);            // foreground where the mask value is >= 128
 * String counts = rle.compressed();       // the "counts" of {"size": [h, w], "counts": ...}
 * Rle back = Rle.fromCompressed(rle.height(), rle.width(), counts);
 * }</pre>
 *
 * @param height rows of the mask
 * @param width columns of the mask
 * @param counts run lengths, background first; they add up to {@code height * width}
 */
public record Rle(int height, int width, int[] counts) {

    /** Checks that the runs cover the mask exactly; copies them. */
    public Rle {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("Mask size must not be negative, got " + height + "x" + width);
        }
        counts = counts.clone();
        long total = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("Run lengths must not be negative");
            }
            total += c;
        }
        if (total != (long) height * width) {
            throw new IllegalArgumentException("Runs cover " + total + " pixels, the mask has " + (long) height * width);
        }
    }

    /** Encodes a row-major foreground map of {@code width x height} pixels. */
    public static Rle encode(boolean[] foreground, int width, int height) {
        if (foreground.length != (long) width * height) {
            throw new IllegalArgumentException(foreground.length + " pixels do not fit " + width + "x" + height);
        }
        int[] runs = new int[16];
        int n = 0;
        boolean current = false;
        int length = 0;
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                boolean value = foreground[y * width + x];
                if (value != current) {
                    if (n == runs.length) {
                        runs = Arrays.copyOf(runs, n * 2);
                    }
                    runs[n++] = length;
                    current = value;
                    length = 0;
                }
                length++;
            }
        }
        if (n == runs.length) {
            runs = Arrays.copyOf(runs, n + 1);
        }
        runs[n++] = length;
        return new Rle(height, width, Arrays.copyOf(runs, n));
    }

    /** Encodes a grey mask: foreground where the value is at least {@code threshold}. */
    public static Rle of(GrayImage mask, int threshold) {
        byte[] values = mask.values();
        boolean[] foreground = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            foreground[i] = (values[i] & 0xFF) >= threshold;
        }
        return encode(foreground, mask.width(), mask.height());
    }

    /** Parses COCO's compressed string form of the counts. */
    public static Rle fromCompressed(int height, int width, String compressed) {
        int[] runs = new int[16];
        int n = 0;
        int p = 0;
        while (p < compressed.length()) {
            long x = 0;
            int shift = 0;
            boolean more = true;
            while (more) {
                if (p >= compressed.length()) {
                    throw new IllegalArgumentException("RLE string ends inside a number");
                }
                int c = compressed.charAt(p++) - 48;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("RLE string holds the character '" + compressed.charAt(p - 1)
                            + "', expected characters from '0' to 'o'");
                }
                x |= (long) (c & 0x1f) << shift;
                more = (c & 0x20) != 0;
                shift += 5;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << shift;
                }
            }
            if (n > 2) {
                x += runs[n - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("RLE string gives the run length " + x);
            }
            if (n == runs.length) {
                runs = Arrays.copyOf(runs, n * 2);
            }
            runs[n++] = (int) x;
        }
        return new Rle(height, width, Arrays.copyOf(runs, n));
    }

    /**
     * COCO's compressed string: each count (from the fourth on, its difference to the count two before) as
     * a little-endian sequence of 5-bit groups, each group a character {@code 48 + group}, with {@code 0x20}
     * set while more groups follow and the sign taken from bit {@code 0x10} of the last group.
     */
    public String compressed() {
        StringBuilder out = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i];
            if (i > 2) {
                x -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                out.append((char) (c + 48));
            }
        }
        return out.toString();
    }

    /** The row-major foreground map. */
    public boolean[] decode() {
        boolean[] foreground = new boolean[height * width];
        int position = 0;
        for (int i = 0; i < counts.length; i++) {
            if ((i & 1) == 1) {
                for (int k = position; k < position + counts[i]; k++) {
                    foreground[(k % height) * width + k / height] = true;
                }
            }
            position += counts[i];
        }
        return foreground;
    }

    /** The number of foreground pixels. */
    public long area() {
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) {
            area += counts[i];
        }
        return area;
    }

    /** The foreground's bounding box {@code [x, y, width, height]} in pixels; all zero for an empty mask. */
    public int[] bbox() {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        long position = 0;
        for (int i = 0; i < counts.length; i++) {
            if ((i & 1) == 1 && counts[i] > 0) {
                long last = position + counts[i] - 1;
                int startColumn = (int) (position / height);
                int endColumn = (int) (last / height);
                x0 = Math.min(x0, startColumn);
                x1 = Math.max(x1, endColumn);
                if (startColumn == endColumn) {
                    y0 = Math.min(y0, (int) (position % height));
                    y1 = Math.max(y1, (int) (last % height));
                } else {
                    y0 = 0;
                    y1 = height - 1;
                }
            }
            position += counts[i];
        }
        return x1 < 0 ? new int[4] : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    /** The number of pixels in the foreground of both masks, which must have the same size. */
    public long intersection(Rle other) {
        if (other.height != height || other.width != width) {
            throw new IllegalArgumentException("Masks of " + width + "x" + height + " and " + other.width + "x"
                    + other.height + " cannot be compared");
        }
        long shared = 0;
        int i = 0;
        int j = 0;
        long leftA = counts.length > 0 ? counts[0] : 0;
        long leftB = other.counts.length > 0 ? other.counts[0] : 0;
        while (i < counts.length && j < other.counts.length) {
            long step = Math.min(leftA, leftB);
            if ((i & 1) == 1 && (j & 1) == 1) {
                shared += step;
            }
            leftA -= step;
            leftB -= step;
            while (leftA == 0 && ++i < counts.length) {
                leftA = counts[i];
            }
            while (leftB == 0 && ++j < other.counts.length) {
                leftB = other.counts[j];
            }
        }
        return shared;
    }

    /** Intersection over union of the foregrounds; 0 when both are empty. */
    public double iou(Rle other) {
        long shared = intersection(other);
        long union = area() + other.area() - shared;
        return union == 0 ? 0 : (double) shared / union;
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rle r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return (height * 31 + width) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Rle[" + width + "x" + height + ", " + counts.length + " runs, area " + area() + "]";
    }
}
