package org.alphaclip.proposals.internal.mask;

import java.util.Arrays;

/**
 * Connected components of the set pixels of a binary image, labelled 1.. in raster order of their first
 * pixel; 0 marks unset pixels.
 *
 * <pre>{@code
 * Components parts = Components.of(pixels, width, height, 8);
 * int largest = parts.largest();          // label, 0 when there is none
 * }</pre>
 *
 * @param labels one label per pixel
 * @param sizes pixel count per label (index 0 unused)
 */
public record Components(int[] labels, int[] sizes) {

    /** The number of components. */
    public int count() {
        return sizes.length - 1;
    }

    /** The label of the largest component (the first on ties), 0 when there is none. */
    public int largest() {
        int best = 0;
        for (int label = 1; label < sizes.length; label++) {
            if (sizes[label] > sizes[best] || best == 0) {
                best = label;
            }
        }
        return best;
    }

    /**
     * Labels the set pixels.
     *
     * @param connectivity 4 (edge neighbours) or 8 (edge and corner neighbours)
     */
    public static Components of(boolean[] pixels, int width, int height, int connectivity) {
        if (connectivity != 4 && connectivity != 8) {
            throw new IllegalArgumentException("Connectivity must be 4 or 8, got " + connectivity);
        }
        int[] labels = new int[pixels.length];
        int[] stack = new int[Math.max(16, pixels.length / 8)];
        int[] sizes = new int[16];
        int next = 1;
        for (int start = 0; start < pixels.length; start++) {
            if (!pixels[start] || labels[start] != 0) {
                continue;
            }
            if (next == sizes.length) {
                sizes = Arrays.copyOf(sizes, sizes.length * 2);
            }
            int size = 0;
            int top = 0;
            stack[top++] = start;
            labels[start] = next;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int x = p % width;
                int y = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if ((dx == 0 && dy == 0) || nx < 0 || nx >= width || (connectivity == 4 && dx != 0 && dy != 0)) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (pixels[q] && labels[q] == 0) {
                            labels[q] = next;
                            if (top == stack.length) {
                                stack = Arrays.copyOf(stack, stack.length * 2);
                            }
                            stack[top++] = q;
                        }
                    }
                }
            }
            sizes[next++] = size;
        }
        return new Components(labels, Arrays.copyOf(sizes, next));
    }
}
