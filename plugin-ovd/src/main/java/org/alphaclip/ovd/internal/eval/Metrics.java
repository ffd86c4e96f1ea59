package org.alphaclip.ovd.internal.eval;

import java.util.Locale;

/**
 * COCO's summary numbers for one overlap type, each in [0, 1], or -1 when nothing could be measured (no
 * ground truth; the text shows it as {@code n/a}).
 *
 * @param type box or mask overlap
 * @param ap AP averaged over the IoU thresholds 0.50:0.05:0.95, at most 100 detections per image
 * @param ap50 AP at IoU 0.50
 * @param ap75 AP at IoU 0.75
 * @param ar1 AR with at most 1 detection per image (and category)
 * @param ar10 AR with at most 10
 * @param ar100 AR with at most 100
 * @param images images with ground truth evaluated
 * @param categories categories with ground truth evaluated
 */
public record Metrics(IouType type, double ap, double ap50, double ap75, double ar1, double ar10, double ar100,
        int images, int categories) implements Summary {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-4s AP %s  AP50 %s  AP75 %s  AR@1 %s  AR@10 %s  AR@100 %s"
                + "  (%d images, %d categories)", type == IouType.BOX ? "box" : "mask", Summary.shown(ap),
                Summary.shown(ap50), Summary.shown(ap75), Summary.shown(ar1), Summary.shown(ar10), Summary.shown(ar100),
                images, categories);
    }
}
