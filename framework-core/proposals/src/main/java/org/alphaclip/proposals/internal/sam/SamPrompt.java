package org.alphaclip.proposals.internal.sam;

/**
 * One prompt for the SAM decoder, in original-image pixel coordinates, and its translation into the ONNX
 * decoder's {@code point_coords}/{@code point_labels} as segment-anything's ONNX example builds them:
 * the points first, then either the box's two corners (labels 2 and 3) or, without a box, the padding
 * point (0, 0) with label -1; coordinates through {@code apply_coords} in float64, then float32.
 *
 * @param points x, y pairs
 * @param labels one per point: 1 foreground, 0 background
 * @param box {@code [x0, y0, x1, y1]} or {@code null}
 * @param maskInput a previous {@code low_res_masks} logit map to refine, or {@code null}
 */
record SamPrompt(double[] points, int[] labels, double[] box, float[] maskInput) {

    /** Label of a foreground point. */
    static final int FOREGROUND = 1;
    /** Label of a background point. */
    static final int BACKGROUND = 0;

    /** Checks the parts. */
    SamPrompt {
        if (points.length != labels.length * 2) {
            throw new IllegalArgumentException(points.length / 2 + " points but " + labels.length + " labels");
        }
        for (int label : labels) {
            if (label != FOREGROUND && label != BACKGROUND) {
                throw new IllegalArgumentException("Point labels are 1 (foreground) or 0 (background), got " + label);
            }
        }
        if (box != null && box.length != 4) {
            throw new IllegalArgumentException("A box has 4 coordinates, got " + box.length);
        }
        if (labels.length == 0 && box == null) {
            throw new IllegalArgumentException("A SAM prompt needs a point or a box");
        }
    }

    /** One foreground point. */
    static SamPrompt point(double x, double y) {
        return new SamPrompt(new double[] {x, y}, new int[] {FOREGROUND}, null, null);
    }

    /** A box alone. */
    static SamPrompt box(double x0, double y0, double x1, double y1) {
        return new SamPrompt(new double[0], new int[0], new double[] {x0, y0, x1, y1}, null);
    }

    /** The rows the decoder gets: the points plus the box corners or the padding point. */
    int rows() {
        return labels.length + 2 - (box == null ? 1 : 0);
    }

    /** {@code point_coords} data, {@code [rows * 2]}, in the resized frame, float32. */
    float[] coordinates(SamGeometry geometry) {
        float[] out = new float[rows() * 2];
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            out[2 * i] = (float) geometry.toInputX(points[2 * i]);
            out[2 * i + 1] = (float) geometry.toInputY(points[2 * i + 1]);
        }
        if (box != null) {
            out[2 * n] = (float) geometry.toInputX(box[0]);
            out[2 * n + 1] = (float) geometry.toInputY(box[1]);
            out[2 * n + 2] = (float) geometry.toInputX(box[2]);
            out[2 * n + 3] = (float) geometry.toInputY(box[3]);
        }
        return out;
    }

    /** {@code point_labels} data, {@code [rows]}. */
    float[] decoderLabels() {
        float[] out = new float[rows()];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        if (box != null) {
            out[labels.length] = 2;
            out[labels.length + 1] = 3;
        } else {
            out[labels.length] = -1;
        }
        return out;
    }
}
