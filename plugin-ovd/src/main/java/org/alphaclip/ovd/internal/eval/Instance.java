package org.alphaclip.ovd.internal.eval;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.alphaclip.api.region.Region;
import org.alphaclip.ovd.internal.rle.Rle;

/**
 * One object of an image: a ground-truth annotation or a detection.
 *
 * @param imageId the image it belongs to
 * @param categoryId its category
 * @param bbox {@code [x, y, width, height]} in pixels
 * @param mask its mask, or {@code null} when only the box is known
 * @param score the detector's confidence (ignored for ground truth)
 * @param area its area in pixels, which LVIS's small / medium / large ranges go by (COCO's rules here do not use it)
 */
public record Instance(long imageId, int categoryId, double[] bbox, Rle mask, double score, double area) {

    /** Checks the box and copies it. */
    public Instance {
        if (bbox.length != 4) {
            throw new IllegalArgumentException("A box needs 4 numbers [x, y, width, height], got " + bbox.length);
        }
        bbox = bbox.clone();
    }

    /** An object whose area is its mask's pixel count, or its box's width × height when it has no mask. */
    public Instance(long imageId, int categoryId, double[] bbox, Rle mask, double score) {
        this(imageId, categoryId, bbox, mask, score, mask != null ? mask.area() : boxArea(bbox));
    }

    /** A box's width × height; 0 for a box that is not 4 numbers (the constructor refuses it). */
    static double boxArea(double[] bbox) {
        return bbox.length == 4 ? bbox[2] * bbox[3] : 0;
    }

    /** A ground-truth object (no score). */
    public static Instance truth(long imageId, int categoryId, double[] bbox, Rle mask) {
        return new Instance(imageId, categoryId, bbox, mask, 1);
    }

    @Override
    public double[] bbox() {
        return bbox.clone();
    }

    /**
     * Intersection over union of the boxes ({@link Region.Box#iou}: as COCO, no +1 on the sides); 0 when either
     * box has no area, as COCO's overlap of such a box is 0.
     */
    public double boxIou(Instance other) {
        Optional<Region.Box> a = corners();
        Optional<Region.Box> b = other.corners();
        return a.isPresent() && b.isPresent() ? a.get().iou(b.get()) : 0;
    }

    /** The box as corners; empty when it has no area (or is not finite). */
    private Optional<Region.Box> corners() {
        double x1 = bbox[0] + bbox[2];
        double y1 = bbox[1] + bbox[3];
        boolean area = Double.isFinite(bbox[0]) && Double.isFinite(bbox[1]) && Double.isFinite(x1) && Double.isFinite(y1)
                && x1 > bbox[0] && y1 > bbox[1];
        return area ? Optional.of(new Region.Box(bbox[0], bbox[1], x1, y1)) : Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Instance i && i.imageId == imageId && i.categoryId == categoryId
                && Arrays.equals(i.bbox, bbox) && Objects.equals(i.mask, mask) && i.score == score
                && Double.compare(i.area, area) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(imageId) * 31 + categoryId * 7 + Arrays.hashCode(bbox);
    }

    @Override
    public String toString() {
        return "Instance[image " + imageId + ", category " + categoryId + ", bbox " + Arrays.toString(bbox)
                + (mask != null ? ", " + mask : "") + ", score " + score + ", area " + area + "]";
    }
}
