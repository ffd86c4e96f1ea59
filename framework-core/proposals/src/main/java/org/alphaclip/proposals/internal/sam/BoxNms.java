package org.alphaclip.proposals.internal.sam;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Greedy non-maximum suppression of boxes as torchvision's {@code ops.nms} computes it on the CPU:
 * candidates in descending score order (a stable sort), float32 areas {@code (x1 - x0) * (y1 - y0)}
 * and overlaps, a box suppressed when its IoU with a kept one exceeds the threshold. The boxes are SAM's
 * inclusive pixel boxes, which are degenerate (zero width or height) for masks one pixel thin or empty, so
 * they are not {@code Region.Box}es, whose double-precision IoU would also decide ties at the threshold
 * differently from torchvision.
 */
final class BoxNms {

    private BoxNms() {
    }

    /**
     * The indices kept, best score first.
     *
     * @param boxes {@code [n][4]} XYXY boxes
     * @param scores {@code [n]} scores
     * @param threshold IoU above which a box is suppressed
     */
    static int[] keep(float[][] boxes, float[] scores, double threshold) {
        int n = boxes.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            areas[i] = (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]);
        }
        boolean[] suppressed = new boolean[n];
        int[] kept = new int[n];
        int count = 0;
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (suppressed[i]) {
                continue;
            }
            kept[count++] = i;
            float[] bi = boxes[i];
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (suppressed[j]) {
                    continue;
                }
                float[] bj = boxes[j];
                float w = Math.max(0f, Math.min(bi[2], bj[2]) - Math.max(bi[0], bj[0]));
                float h = Math.max(0f, Math.min(bi[3], bj[3]) - Math.max(bi[1], bj[1]));
                float intersection = w * h;
                float overlap = intersection / (areas[i] + areas[j] - intersection);
                if (overlap > threshold) {
                    suppressed[j] = true;
                }
            }
        }
        return Arrays.copyOf(kept, count);
    }
}
