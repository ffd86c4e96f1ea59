package org.alphaclip.proposals.internal.sam;

import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.proposals.internal.mask.Components;

/**
 * segment-anything's {@code remove_small_regions}: fills holes or drops islands smaller than an area,
 * with 8-connected components; when every island is small, the largest one stays.
 */
final class SmallRegions {

    private SmallRegions() {
    }

    /**
     * The mask with small holes filled ({@code holes = true}) or small islands removed, or {@code null}
     * when nothing changes.
     */
    static BinaryMask remove(BinaryMask mask, int minArea, boolean holes) {
        boolean[] pixels = mask.pixels();
        boolean[] working = new boolean[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            working[i] = holes != pixels[i];
        }
        Components parts = Components.of(working, mask.width(), mask.height(), 8);
        int[] sizes = parts.sizes();
        boolean[] small = new boolean[sizes.length];
        boolean anySmall = false;
        for (int label = 1; label < sizes.length; label++) {
            small[label] = sizes[label] < minArea;
            anySmall |= small[label];
        }
        if (!anySmall) {
            return null;
        }
        boolean[] fill = new boolean[sizes.length];
        if (holes) {
            fill[0] = true;
            System.arraycopy(small, 1, fill, 1, sizes.length - 1);
        } else {
            boolean any = false;
            for (int label = 1; label < sizes.length; label++) {
                fill[label] = !small[label];
                any |= fill[label];
            }
            if (!any) {
                fill[parts.largest()] = true;
            }
        }
        int[] labels = parts.labels();
        boolean[] out = new boolean[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = fill[labels[i]];
        }
        return new BinaryMask(mask.width(), mask.height(), out);
    }
}
