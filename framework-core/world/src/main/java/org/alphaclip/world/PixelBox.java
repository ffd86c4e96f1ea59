package org.alphaclip.world;

/**
 * An axis-aligned pixel box {@code [x0, x1) x [y0, y1)}: the columns x0 to x1 - 1 and rows y0 to y1 - 1.
 *
 * @param x0 first column
 * @param y0 first row
 * @param x1 column after the last
 * @param y1 row after the last
 */
public record PixelBox(int x0, int y0, int x1, int y1) {

    /** Checks that the box holds at least one pixel. */
    public PixelBox {
        if (x0 < 0 || y0 < 0 || x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("Box needs 0 <= x0 < x1 and 0 <= y0 < y1, got [" + x0 + "," + y0 + ","
                    + x1 + "," + y1 + ")");
        }
    }

    /** Columns covered. */
    public int width() {
        return x1 - x0;
    }

    /** Rows covered. */
    public int height() {
        return y1 - y0;
    }

    /** Horizontal centre in pixel-edge coordinates. */
    public double centerX() {
        return (x0 + x1) / 2.0;
    }

    /** Vertical centre in pixel-edge coordinates. */
    public double centerY() {
        return (y0 + y1) / 2.0;
    }
}
