package org.alphaclip.ovd.internal.eval;

import java.util.Arrays;
import java.util.Objects;

import org.alphaclip.ovd.internal.rle.Rle;

/**
 * One object of an image: a ground-truth annotation or a detection.
 *
 * @param imageId the image it belongs to
 * @param categoryId its category
 * @param bbox {@code [x, y, width, height]} in pixels
 * @param mask its mask, or {@code null} when only the box is known
 * @param score the detector's confidence (ignored for ground truth)
 */
public record Instance(long imageId, int categoryId, double[] bbox, Rle mask, double score) {

    /** Checks the box and copies it. */
    public Instance {
        if (bbox.length != 4) {
            throw new IllegalArgumentException("A box needs 4 numbers [x, y, width, height], got " + bbox.length);
        }
        bbox = bbox.clone();
    }

    /** A ground-truth object (no score). */
    public static Instance truth(long imageId, int categoryId, double[] bbox, Rle mask) {
        return new Instance(imageId, categoryId, bbox, mask, 1);
    }

    @Override
    public double[] bbox() {
        return bbox.clone();
    }

    /** Intersection over union of the boxes, computed as COCO does (no +1 on the sides). */
    public double boxIou(Instance other) {
        double w = Math.min(bbox[0] + bbox[2], other.bbox[0] + other.bbox[2]) - Math.max(bbox[0], other.bbox[0]);
        double h = Math.min(bbox[1] + bbox[3], other.bbox[1] + other.bbox[3]) - Math.max(bbox[1], other.bbox[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double shared = w * h;
        return shared / (bbox[2] * bbox[3] + other.bbox[2] * other.bbox[3] - shared);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Instance i && i.imageId == imageId && i.categoryId == categoryId
                && Arrays.equals(i.bbox, bbox) && Objects.equals(i.mask, mask) && i.score == score;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(imageId) * 31 + categoryId * 7 + Arrays.hashCode(bbox);
    }

    @Override
    public String toString() {
        return "Instance[image " + imageId + ", category " + categoryId + ", bbox " + Arrays.toString(bbox)
                + (mask != null ? ", " + mask : "") + ", score " + score + "]";
    }
}
