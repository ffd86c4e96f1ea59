package org.alphaclip.proposals.internal.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.proposals.internal.mask.Components;
import org.alphaclip.sdk.image.GaussianBlur;

/**
 * Object-like regions of an image from graph-based segmentation at several scales: the image is reduced
 * to a working size and smoothed (PIL's Gaussian blur, {@link GaussianBlur}), {@link Felzenszwalb} runs once
 * per scale, and every segment of a plausible size becomes a candidate (plus a copy with its enclosed holes
 * filled, which recovers outlined and partly covered shapes). Each candidate is scored by how much its colour stands out from a thin ring
 * around it and how well it fills its box, and marked background-like when it touches three image sides
 * or much of the image border.
 *
 * <pre>{@code
 * Segmenter.Result result = new Segmenter(Segmenter.Settings.DEFAULTS).segment(image);
 * BinaryMask best = result.toOriginal(result.regions().get(0));
 * }</pre>
 */
final class Segmenter {

    /**
     * How to segment.
     *
     * @param workingSize longest side the image is reduced to before segmenting
     * @param sigma standard deviation of the Gaussian smoothing before segmenting, in working pixels (0: none)
     * @param scales Felzenszwalb-Huttenlocher {@code k} values, one segmentation each
     * @param minAreaFraction smallest candidate as a fraction of the image
     * @param maxAreaFraction largest candidate as a fraction of the image
     * @param borderFraction a region covering more of the image border than this is background-like
     */
    record Settings(int workingSize, double sigma, double[] scales, double minAreaFraction, double maxAreaFraction,
            double borderFraction) {

        /** Defaults tuned on simple scenes: shapes on plain, gradient, noise and texture backgrounds. */
        static final Settings DEFAULTS = new Settings(320, 0.8, new double[] {150, 400, 1000, 2500}, 0.002, 0.85, 0.3);

        /** Checks the values and copies the scales. */
        Settings {
            if (workingSize < 32 || !(sigma >= 0) || scales.length == 0 || !(minAreaFraction >= 0)
                    || !(maxAreaFraction > minAreaFraction) || !(borderFraction > 0)) {
                throw new IllegalArgumentException("Invalid segmentation settings");
            }
            scales = scales.clone();
        }
    }

    /**
     * A candidate region at working resolution, stored within its box.
     *
     * @param box inclusive working-pixel box {@code [x0, y0, x1, y1]}
     * @param local one flag per pixel of the box, row-major
     * @param area pixels inside
     * @param score how object-like it is, in [0, 1)
     * @param backgroundLike touches three image sides or much of the border
     * @param plausible its area lies within the configured range
     * @param origin which scale made it, e.g. {@code k=400} or {@code k=400 filled}
     */
    record Candidate(int[] box, boolean[] local, int area, double score, boolean backgroundLike, boolean plausible,
            String origin) {

        int boxWidth() {
            return box[2] - box[0] + 1;
        }

        /** Its box in working-pixel edges, {@code [x0, y0, x1 + 1, y1 + 1)}. */
        Region.Box edges() {
            return new Region.Box(box[0], box[1], box[2] + 1, box[3] + 1);
        }

        /** Whether working pixel (x, y) is inside. */
        boolean contains(int x, int y) {
            return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]
                    && local[(y - box[1]) * boxWidth() + x - box[0]];
        }

        /** Intersection over union with another candidate. */
        double iou(Candidate other) {
            int x0 = Math.max(box[0], other.box[0]);
            int y0 = Math.max(box[1], other.box[1]);
            int x1 = Math.min(box[2], other.box[2]);
            int y1 = Math.min(box[3], other.box[3]);
            int intersection = 0;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    if (contains(x, y) && other.contains(x, y)) {
                        intersection++;
                    }
                }
            }
            return intersection / (double) (area + other.area - intersection);
        }

        /** Pixels inside a working-pixel rectangle (inclusive bounds). */
        int areaWithin(int rx0, int ry0, int rx1, int ry1) {
            int n = 0;
            for (int y = Math.max(ry0, box[1]); y <= Math.min(ry1, box[3]); y++) {
                for (int x = Math.max(rx0, box[0]); x <= Math.min(rx1, box[2]); x++) {
                    n += contains(x, y) ? 1 : 0;
                }
            }
            return n;
        }
    }

    /**
     * The candidates of one image.
     *
     * @param width working width
     * @param height working height
     * @param imageWidth original width
     * @param imageHeight original height
     * @param regions every segment of every scale (and filled copies), best score first
     */
    record Result(int width, int height, int imageWidth, int imageHeight, List<Candidate> regions) {

        /** A candidate at the original image size (nearest-neighbour upscaling). */
        BinaryMask toOriginal(Candidate c) {
            boolean[] out = new boolean[imageWidth * imageHeight];
            int[] columns = new int[imageWidth];
            for (int x = 0; x < imageWidth; x++) {
                columns[x] = Math.min(width - 1, (int) ((x + 0.5) * width / imageWidth));
            }
            for (int y = 0; y < imageHeight; y++) {
                int row = Math.min(height - 1, (int) ((y + 0.5) * height / imageHeight));
                for (int x = 0; x < imageWidth; x++) {
                    out[y * imageWidth + x] = c.contains(columns[x], row);
                }
            }
            return new BinaryMask(imageWidth, imageHeight, out);
        }

        /** The working x of an original-image x coordinate. */
        int workingX(double x) {
            return Math.min(width - 1, Math.max(0, (int) (x * width / imageWidth)));
        }

        /** The working y of an original-image y coordinate. */
        int workingY(double y) {
            return Math.min(height - 1, Math.max(0, (int) (y * height / imageHeight)));
        }
    }

    private final Settings settings;

    Segmenter(Settings settings) {
        this.settings = settings;
    }

    /** Segments an image into candidates. */
    Result segment(RgbImage image) {
        double factor = Math.max(1.0, Math.max(image.width(), image.height()) / (double) settings.workingSize());
        int w = Math.max(1, (int) Math.round(image.width() / factor));
        int h = Math.max(1, (int) Math.round(image.height() / factor));
        float[][] planes = reduce(image, w, h);
        for (float[] plane : planes) {
            GaussianBlur.blur(plane, w, h, settings.sigma());
        }
        int n = w * h;
        int minArea = Math.max(4, (int) Math.ceil(settings.minAreaFraction() * n));
        int maxArea = (int) (settings.maxAreaFraction() * n);
        int minSize = Math.max(8, n / 2000);
        List<Candidate> out = new ArrayList<>();
        for (double k : settings.scales()) {
            Felzenszwalb.Segmentation s = Felzenszwalb.segment(planes, w, h, k, minSize);
            String origin = "k=" + (long) k;
            int[] labels = s.labels();
            int[][] boxes = new int[s.count()][];
            for (int p = 0; p < n; p++) {
                int x = p % w;
                int y = p / w;
                int[] b = boxes[labels[p]];
                if (b == null) {
                    boxes[labels[p]] = new int[] {x, y, x, y};
                } else {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = y;
                }
            }
            for (int label = 0; label < s.count(); label++) {
                int[] b = boxes[label];
                int bw = b[2] - b[0] + 1;
                boolean[] local = new boolean[bw * (b[3] - b[1] + 1)];
                for (int y = b[1]; y <= b[3]; y++) {
                    for (int x = b[0]; x <= b[2]; x++) {
                        local[(y - b[1]) * bw + x - b[0]] = labels[y * w + x] == label;
                    }
                }
                Candidate region = candidate(b, local, planes, w, h, minArea, maxArea, origin);
                out.add(region);
                if (region.plausible()) {
                    boolean[] filled = fillHoles(local, bw, b[3] - b[1] + 1);
                    if (filled != null) {
                        out.add(candidate(b, filled, planes, w, h, minArea, maxArea, origin + " filled"));
                    }
                }
            }
        }
        out.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return new Result(w, h, image.width(), image.height(), out);
    }

    private Candidate candidate(int[] box, boolean[] local, float[][] planes, int w, int h, int minArea, int maxArea,
            String origin) {
        int bw = box[2] - box[0] + 1;
        int area = 0;
        double[] inside = new double[3];
        double[] ring = new double[3];
        int ringCount = 0;
        int borderPixels = 0;
        boolean[] sides = new boolean[4];
        int[][] steps = {{2, 0}, {-2, 0}, {0, 2}, {0, -2}};
        for (int y = box[1]; y <= box[3]; y++) {
            for (int x = box[0]; x <= box[2]; x++) {
                if (!local[(y - box[1]) * bw + x - box[0]]) {
                    continue;
                }
                int p = y * w + x;
                area++;
                for (int c = 0; c < 3; c++) {
                    inside[c] += planes[c][p];
                }
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    borderPixels++;
                    sides[0] |= x == 0;
                    sides[1] |= x == w - 1;
                    sides[2] |= y == 0;
                    sides[3] |= y == h - 1;
                }
                for (int[] step : steps) {
                    int nx = x + step[0];
                    int ny = y + step[1];
                    boolean outside = nx < box[0] || nx > box[2] || ny < box[1] || ny > box[3]
                            || !local[(ny - box[1]) * bw + nx - box[0]];
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && outside) {
                        int q = ny * w + nx;
                        for (int c = 0; c < 3; c++) {
                            ring[c] += planes[c][q];
                        }
                        ringCount++;
                    }
                }
            }
        }
        double distance = 0;
        for (int c = 0; c < 3; c++) {
            double d = ringCount > 0 ? inside[c] / area - ring[c] / ringCount : 0;
            distance += d * d;
        }
        distance = Math.sqrt(distance);
        double contrast = distance / (distance + 30.0);
        double fill = area / (double) local.length;
        int touched = (sides[0] ? 1 : 0) + (sides[1] ? 1 : 0) + (sides[2] ? 1 : 0) + (sides[3] ? 1 : 0);
        boolean background = touched >= 3 || borderPixels > settings.borderFraction() * (2 * (w + h) - 4);
        double score = contrast * (0.6 + 0.4 * fill);
        return new Candidate(box.clone(), local, area, score, background, area >= minArea && area <= maxArea, origin);
    }

    /**
     * The region with its holes (gaps not connected to the edge of its box) filled, or {@code null} when
     * it has none.
     */
    static boolean[] fillHoles(boolean[] local, int bw, int bh) {
        boolean[] outside = new boolean[local.length];
        for (int i = 0; i < local.length; i++) {
            outside[i] = !local[i];
        }
        Components parts = Components.of(outside, bw, bh, 4);
        if (parts.count() == 0) {
            return null;
        }
        boolean[] open = new boolean[parts.count() + 1];
        int[] labels = parts.labels();
        for (int x = 0; x < bw; x++) {
            open[labels[x]] = true;
            open[labels[(bh - 1) * bw + x]] = true;
        }
        for (int y = 0; y < bh; y++) {
            open[labels[y * bw]] = true;
            open[labels[y * bw + bw - 1]] = true;
        }
        boolean[] filled = local.clone();
        boolean changed = false;
        for (int i = 0; i < filled.length; i++) {
            if (!filled[i] && !open[labels[i]]) {
                filled[i] = true;
                changed = true;
            }
        }
        return changed ? filled : null;
    }

    /** Area-averaged reduction to {@code w x h} colour planes. */
    private static float[][] reduce(RgbImage image, int w, int h) {
        float[][] planes = new float[3][w * h];
        int iw = image.width();
        int ih = image.height();
        byte[] rgb = image.rgb();
        for (int y = 0; y < h; y++) {
            int sy0 = y * ih / h;
            int sy1 = Math.max(sy0 + 1, (y + 1) * ih / h);
            for (int x = 0; x < w; x++) {
                int sx0 = x * iw / w;
                int sx1 = Math.max(sx0 + 1, (x + 1) * iw / w);
                double[] sum = new double[3];
                for (int sy = sy0; sy < sy1; sy++) {
                    for (int sx = sx0; sx < sx1; sx++) {
                        int s = (sy * iw + sx) * 3;
                        for (int c = 0; c < 3; c++) {
                            sum[c] += rgb[s + c] & 0xFF;
                        }
                    }
                }
                int count = (sy1 - sy0) * (sx1 - sx0);
                for (int c = 0; c < 3; c++) {
                    planes[c][y * w + x] = (float) (sum[c] / count);
                }
            }
        }
        return planes;
    }
}
