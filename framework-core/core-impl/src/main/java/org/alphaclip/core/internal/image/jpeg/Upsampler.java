package org.alphaclip.core.internal.image.jpeg;

/**
 * Brings one component to the full image resolution row by row, choosing libjpeg-turbo's method for its
 * sampling factors with fancy upsampling on (Pillow's default): triangle filters for 2:1 horizontal (h2v1),
 * 2:1 vertical (h1v2) and both (h2v2) where the component is more than two samples wide (h1v2 always), sample
 * replication otherwise. Rows above the image repeat its first row and rows below its last, as libjpeg's context
 * rows do.
 */
final class Upsampler {

    private enum Method { FULL, H2V1_FANCY, H1V2_FANCY, H2V2_FANCY, REPLICATE }

    private final Method method;
    private final byte[] plane;
    private final int stride;
    private final int width;
    private final int height;
    private final int horizontalExpand;
    private final int verticalExpand;

    /**
     * @param plane the component's samples after the inverse DCT, {@code stride} per row
     * @param width the component's sampled width (libjpeg's downsampled_width)
     * @param height the component's sampled height
     */
    Upsampler(JpegComponent component, JpegFrame frame, byte[] plane, int stride) throws JpegFormatException {
        this.plane = plane;
        this.stride = stride;
        this.width = component.sampledWidth;
        this.height = component.sampledHeight;
        int hIn = component.horizontalSampling;
        int vIn = component.verticalSampling;
        int hOut = frame.maxHorizontalSampling;
        int vOut = frame.maxVerticalSampling;
        if (hOut % hIn != 0 || vOut % vIn != 0) {
            throw new JpegFormatException("uses fractional chroma sampling (component " + component.id + " is "
                    + hIn + "x" + vIn + " of " + hOut + "x" + vOut + "), which libjpeg-turbo and Pillow do not"
                    + " decode either");
        }
        this.horizontalExpand = hOut / hIn;
        this.verticalExpand = vOut / vIn;
        if (horizontalExpand == 1 && verticalExpand == 1) {
            method = Method.FULL;
        } else if (horizontalExpand == 2 && verticalExpand == 1 && width > 2) {
            method = Method.H2V1_FANCY;
        } else if (horizontalExpand == 1 && verticalExpand == 2) {
            method = Method.H1V2_FANCY;
        } else if (horizontalExpand == 2 && verticalExpand == 2 && width > 2) {
            method = Method.H2V2_FANCY;
        } else {
            method = Method.REPLICATE;
        }
    }

    /** Writes the component's samples of output row {@code y} into {@code out} (at least the image width). */
    void row(int y, int[] out, int outWidth) {
        switch (method) {
            case FULL -> {
                int base = y * stride;
                for (int x = 0; x < outWidth; x++) {
                    out[x] = plane[base + x] & 0xFF;
                }
            }
            case H2V1_FANCY -> h2v1(y * stride, out);
            case H1V2_FANCY -> {
                int near = (y >> 1) * stride;
                int far = farRow(y) * stride;
                int bias = (y & 1) == 0 ? 1 : 2;
                for (int x = 0; x < width; x++) {
                    out[x] = ((plane[near + x] & 0xFF) * 3 + (plane[far + x] & 0xFF) + bias) >> 2;
                }
            }
            case H2V2_FANCY -> h2v2((y >> 1) * stride, farRow(y) * stride, out);
            case REPLICATE -> {
                int base = (y / verticalExpand) * stride;
                for (int x = 0; x < outWidth; x++) {
                    out[x] = plane[base + x / horizontalExpand] & 0xFF;
                }
            }
        }
    }

    /** The input row next-nearest to output row y (y / 2 is the nearest), within the component's rows. */
    private int farRow(int y) {
        int near = y >> 1;
        int far = (y & 1) == 0 ? near - 1 : near + 1;
        return Math.max(0, Math.min(height - 1, far));
    }

    private void h2v1(int row, int[] out) {
        int previous = plane[row] & 0xFF;
        int current = previous;
        out[0] = current;
        out[1] = (current * 3 + (plane[row + 1] & 0xFF) + 2) >> 2;
        for (int x = 1; x < width - 1; x++) {
            previous = current;
            current = plane[row + x] & 0xFF;
            int next = plane[row + x + 1] & 0xFF;
            out[2 * x] = (current * 3 + previous + 1) >> 2;
            out[2 * x + 1] = (current * 3 + next + 2) >> 2;
        }
        int last = plane[row + width - 1] & 0xFF;
        out[2 * width - 2] = (last * 3 + (plane[row + width - 2] & 0xFF) + 1) >> 2;
        out[2 * width - 1] = last;
    }

    private void h2v2(int near, int far, int[] out) {
        int thisSum = (plane[near] & 0xFF) * 3 + (plane[far] & 0xFF);
        int nextSum = (plane[near + 1] & 0xFF) * 3 + (plane[far + 1] & 0xFF);
        out[0] = (thisSum * 4 + 8) >> 4;
        out[1] = (thisSum * 3 + nextSum + 7) >> 4;
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int x = 1; x < width - 1; x++) {
            nextSum = (plane[near + x + 1] & 0xFF) * 3 + (plane[far + x + 1] & 0xFF);
            out[2 * x] = (thisSum * 3 + lastSum + 8) >> 4;
            out[2 * x + 1] = (thisSum * 3 + nextSum + 7) >> 4;
            lastSum = thisSum;
            thisSum = nextSum;
        }
        out[2 * width - 2] = (thisSum * 3 + lastSum + 8) >> 4;
        out[2 * width - 1] = (thisSum * 4 + 7) >> 4;
    }
}
