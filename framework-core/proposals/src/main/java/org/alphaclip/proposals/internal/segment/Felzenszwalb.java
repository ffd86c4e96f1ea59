package org.alphaclip.proposals.internal.segment;

import java.util.Arrays;

/**
 * Felzenszwalb and Huttenlocher's graph-based segmentation ("Efficient Graph-Based Image Segmentation",
 * IJCV 2004): pixels are nodes, 8-neighbours are joined by edges weighted with their colour distance;
 * edges are visited from the lightest, and two components merge when the edge is no heavier than the
 * internal difference of both, each relaxed by {@code k / size}. Components smaller than a minimum are
 * then merged into a neighbour along the lightest remaining edges.
 *
 * <pre>{@code
 * int[] labels = Felzenszwalb.segment(planes, width, height, 300, 40).labels();
 * }</pre>
 */
final class Felzenszwalb {

    private Felzenszwalb() {
    }

    /**
     * A labelling.
     *
     * @param labels one label per pixel, 0 .. count-1, numbered in raster order of first appearance
     * @param count the number of segments
     */
    record Segmentation(int[] labels, int count) {
    }

    /**
     * Segments an image.
     *
     * @param planes three colour planes of {@code width * height} values each (0..255 scale, smoothed)
     * @param k the scale: larger values give larger segments
     * @param minSize segments smaller than this are merged into a neighbour
     */
    static Segmentation segment(float[][] planes, int width, int height, double k, int minSize) {
        int n = width * height;
        long[] edges = edges(planes, width, height);
        Arrays.sort(edges);
        int[] parent = new int[n];
        int[] size = new int[n];
        float[] threshold = new float[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            size[i] = 1;
            threshold[i] = (float) k;
        }
        for (long edge : edges) {
            float w = Float.intBitsToFloat((int) (edge >>> 32));
            int a = find(parent, source(edge));
            int b = find(parent, target(edge, width));
            if (a != b && w <= threshold[a] && w <= threshold[b]) {
                int root = union(parent, size, a, b);
                threshold[root] = w + (float) (k / size[root]);
            }
        }
        for (long edge : edges) {
            int a = find(parent, source(edge));
            int b = find(parent, target(edge, width));
            if (a != b && (size[a] < minSize || size[b] < minSize)) {
                union(parent, size, a, b);
            }
        }
        int[] labels = new int[n];
        int[] compact = new int[n];
        Arrays.fill(compact, -1);
        int count = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (compact[root] < 0) {
                compact[root] = count++;
            }
            labels[i] = compact[root];
        }
        return new Segmentation(labels, count);
    }

    /**
     * The edges, each packed as {@code weight bits << 32 | pixel << 2 | direction} so that sorting the
     * longs sorts by weight (non-negative floats order like their bits).
     */
    private static long[] edges(float[][] planes, int width, int height) {
        int[][] offsets = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};
        long[] edges = new long[width * height * 4];
        int count = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                for (int d = 0; d < 4; d++) {
                    int nx = x + offsets[d][0];
                    int ny = y + offsets[d][1];
                    if (nx >= width || ny < 0 || ny >= height) {
                        continue;
                    }
                    int q = ny * width + nx;
                    float dr = planes[0][p] - planes[0][q];
                    float dg = planes[1][p] - planes[1][q];
                    float db = planes[2][p] - planes[2][q];
                    float w = (float) Math.sqrt(dr * dr + dg * dg + db * db);
                    edges[count++] = ((long) Float.floatToIntBits(w) << 32) | ((long) p << 2) | d;
                }
            }
        }
        return Arrays.copyOf(edges, count);
    }

    private static int source(long edge) {
        return (int) ((edge & 0xFFFFFFFFL) >>> 2);
    }

    private static int target(long edge, int width) {
        int p = source(edge);
        return switch ((int) (edge & 3)) {
            case 0 -> p + 1;
            case 1 -> p + width;
            case 2 -> p + width + 1;
            default -> p - width + 1;
        };
    }

    private static int find(int[] parent, int i) {
        int root = i;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[i] != root) {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    private static int union(int[] parent, int[] size, int a, int b) {
        if (size[a] < size[b]) {
            int t = a;
            a = b;
            b = t;
        }
        parent[b] = a;
        size[a] += size[b];
        return a;
    }
}
