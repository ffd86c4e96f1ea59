package org.alphaclip.world.internal.render;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.sdk.image.GaussianBlur;
import org.alphaclip.world.internal.layout.Placement;

/**
 * A test-only renderer (no model trains on it): the same layouts drawn as if painted by hand with a paint
 * program. What differs from {@code raster} and {@code vector}: its own shades of each label colour; fills
 * with brush-streak texture, a gentle lighting gradient and sometimes a darker wet edge; hand-drawn
 * outlines, each shape a dense polygon whose edge wobbles radially by low-frequency noise (at most 3 % of
 * the radius), slightly elliptical circles, squares with rounded corners, irregular triangles, stars with
 * uneven points; dark contours of 1 to 3 px on about half of the objects (never white); paper, canvas,
 * angled-stripe, two-tone, vignette and soft-blob backgrounds, all desaturated; coverage taken from the
 * signed distance (a one-pixel ramp, no supersampling); then Gaussian blur (sigma at most 0.8 px at 256 px),
 * Gaussian noise, a brightness and contrast change and JPEG at quality 50 to 85, each sometimes.
 *
 * <p>Masks follow the same contract as the other renderers: a pixel belongs to the top object whose drawn
 * extent (fill and outline) covers its centre.
 */
public final class PaintedRenderer implements Renderer {

    /** Three shades per label colour, in {@link org.alphaclip.world.Colour} order, unlike the other renderers'. */
    static final int[][][] PALETTE = {
        {{205, 30, 45}, {180, 25, 30}, {228, 52, 48}},
        {{45, 145, 70}, {28, 118, 50}, {85, 170, 65}},
        {{40, 65, 190}, {28, 50, 150}, {55, 105, 205}},
        {{248, 212, 38}, {244, 206, 48}, {252, 228, 70}},
        {{125, 45, 160}, {148, 60, 185}, {110, 35, 140}},
    };
    /** Outline segments are at most this long (pixels) before the wobble. */
    private static final double SEGMENT = 2.5;
    /** Largest radial wobble as a fraction of the object's radius. */
    private static final double WOBBLE = 0.03;

    @Override
    public String name() {
        return "painted";
    }

    @Override
    public Rendering render(List<Placement> placements, int size, SplittableRandom random) {
        double scale = size / 256.0;
        float[] rgb = new float[size * size * 3];
        String background = background(rgb, size, random);
        int[] owner = new int[size * size];
        Arrays.fill(owner, -1);
        int[] fullAreas = new int[placements.size()];
        double lightAngle = -Math.PI / 2 + (random.nextDouble() * 2 - 1) * 0.8;
        for (int k = 0; k < placements.size(); k++) {
            Placement p = placements.get(k);
            double[] points = outline(p, random);
            int[][] shades = PALETTE[p.colour().ordinal()];
            double[] fill = jitter(shades[random.nextInt(shades.length)], random);
            Brush brush = new Brush(p, fill, lightAngle, scale, random);
            fullAreas[k] = paint(rgb, owner, size, k, p, points, brush);
        }
        rgb = postProcess(rgb, size, scale, random);
        return new Rendering(Pixels.toImage(rgb, size), owner, fullAreas, background);
    }

    /** How one object is painted: fill, texture, lighting, wet edge and contour. */
    private static final class Brush {
        final double[] fill;
        final double[] stroke;
        final double width;
        final double texture;
        final double light;
        final double lightX;
        final double lightY;
        final double wetEdge;
        final double wetWidth;
        final Noise streaks;
        final double along;
        final double across;
        final double cos;
        final double sin;

        Brush(Placement p, double[] fill, double lightAngle, double scale, SplittableRandom random) {
            this.fill = fill;
            boolean contour = random.nextDouble() < 0.5;
            this.width = contour ? (1 + random.nextDouble() * 2) * scale : 0;
            this.stroke = random.nextDouble() < 0.5
                    ? new double[] {0.11, 0.10, 0.10}
                    : new double[] {fill[0] * 0.45, fill[1] * 0.45, fill[2] * 0.45};
            this.texture = 0.03 + random.nextDouble() * 0.05;
            this.light = 0.03 + random.nextDouble() * 0.05;
            double angle = lightAngle + (random.nextDouble() * 2 - 1) * 0.3;
            this.lightX = Math.cos(angle) / p.radius();
            this.lightY = Math.sin(angle) / p.radius();
            this.wetEdge = !contour && random.nextDouble() < 0.5 ? 0.08 + random.nextDouble() * 0.07 : 0;
            this.wetWidth = (1.5 + random.nextDouble() * 1.5) * scale;
            this.streaks = new Noise(random.nextLong());
            double direction = random.nextDouble() * Math.PI;
            this.cos = Math.cos(direction);
            this.sin = Math.sin(direction);
            this.along = 1 / ((8 + random.nextDouble() * 10) * scale);
            this.across = 1 / ((1.2 + random.nextDouble() * 1.3) * scale);
        }

        /** The fill colour channel c at pixel centre (x, y), d pixels inside the edge (d < 0). */
        double paint(int c, double x, double y, double d, Placement p, double streak) {
            double lit = 1 + light * ((x - p.cx()) * lightX + (y - p.cy()) * lightY);
            double brushed = 1 + texture * (2 * streak - 1);
            double edge = wetEdge > 0 ? 1 - wetEdge * Math.max(0, 1 - (-d) / wetWidth) : 1;
            return fill[c] * lit * brushed * edge;
        }

        double streak(double x, double y) {
            return streaks.at((x * cos + y * sin) * along, (y * cos - x * sin) * across);
        }
    }

    private static double[] jitter(int[] base, SplittableRandom random) {
        double[] out = new double[3];
        double brightness = 1 + (random.nextDouble() * 2 - 1) * 0.05;
        for (int c = 0; c < 3; c++) {
            out[c] = Math.max(0, Math.min(1, (base[c] + random.nextInt(13) - 6) * brightness / 255.0));
        }
        return out;
    }

    /**
     * The object's outline as a closed polygon {x0, y0, x1, y1, ...} in image coordinates: the shape with
     * the disc's area, rotated and placed, edges cut into short segments, then moved radially by smooth noise.
     */
    private static double[] outline(Placement p, SplittableRandom random) {
        double[] local = switch (p.shape()) {
            case CIRCLE -> {
                double aspect = 0.9 + random.nextDouble() * 0.2;
                double tilt = random.nextDouble() * Math.PI;
                double[] pts = new double[2 * 96];
                for (int i = 0; i < 96; i++) {
                    double t = 2 * Math.PI * i / 96;
                    double x = Math.sqrt(aspect) * Math.cos(t);
                    double y = Math.sin(t) / Math.sqrt(aspect);
                    pts[2 * i] = x * Math.cos(tilt) - y * Math.sin(tilt);
                    pts[2 * i + 1] = x * Math.sin(tilt) + y * Math.cos(tilt);
                }
                yield pts;
            }
            case SQUARE -> {
                // a superellipse |x|^n + |y|^n = 1: n 10..20 gives slightly rounded corners
                double n = 10 + random.nextDouble() * 10;
                double[] pts = new double[2 * 160];
                for (int i = 0; i < 160; i++) {
                    double t = 2 * Math.PI * i / 160;
                    double c = Math.cos(t);
                    double s = Math.sin(t);
                    pts[2 * i] = Math.signum(c) * Math.pow(Math.abs(c), 2 / n);
                    pts[2 * i + 1] = Math.signum(s) * Math.pow(Math.abs(s), 2 / n);
                }
                yield pts;
            }
            case TRIANGLE -> {
                // corners near the equilateral ones, each turned by up to 9 degrees and 8 % nearer or farther
                double[] pts = new double[6];
                for (int i = 0; i < 3; i++) {
                    double angle = -Math.PI / 2 + 2 * Math.PI * i / 3 + Math.toRadians((random.nextDouble() * 2 - 1) * 9);
                    double radius = 1 + (random.nextDouble() * 2 - 1) * 0.08;
                    pts[2 * i] = radius * Math.cos(angle);
                    pts[2 * i + 1] = radius * Math.sin(angle);
                }
                yield pts;
            }
            case STAR -> {
                // five points, inner radius 0.42..0.5 of the outer, points up to 6 % longer or shorter
                double depth = 0.42 + random.nextDouble() * 0.08;
                double[] pts = new double[20];
                for (int i = 0; i < 10; i++) {
                    double angle = -Math.PI / 2 + Math.PI * i / 5 + Math.toRadians((random.nextDouble() * 2 - 1) * 2.5);
                    double radius = i % 2 == 0 ? 1 + (random.nextDouble() * 2 - 1) * 0.06 : depth;
                    pts[2 * i] = radius * Math.cos(angle);
                    pts[2 * i + 1] = radius * Math.sin(angle);
                }
                yield pts;
            }
        };
        // scale to the disc's area, rotate, place
        double k = p.radius() * Math.sqrt(Math.PI / Math.abs(area(local)));
        double cos = Math.cos(p.rotation());
        double sin = Math.sin(p.rotation());
        int n = local.length / 2;
        double[] placed = new double[local.length];
        for (int i = 0; i < n; i++) {
            double x = local[2 * i] * k;
            double y = local[2 * i + 1] * k;
            placed[2 * i] = p.cx() + x * cos - y * sin;
            placed[2 * i + 1] = p.cy() + x * sin + y * cos;
        }
        double[] dense = subdivide(placed, SEGMENT);
        // low-frequency radial wobble: harmonics 2..6 of the angle around the centre, at most WOBBLE * r in all
        int harmonics = 5;
        double[] amplitude = new double[harmonics];
        double[] phase = new double[harmonics];
        double total = 0;
        for (int h = 0; h < harmonics; h++) {
            amplitude[h] = random.nextDouble() / (1 + h * 0.5);
            phase[h] = random.nextDouble() * 2 * Math.PI;
            total += amplitude[h];
        }
        double reach = WOBBLE * p.radius() * (0.5 + random.nextDouble() * 0.5) / total;
        for (int i = 0; i < dense.length / 2; i++) {
            double dx = dense[2 * i] - p.cx();
            double dy = dense[2 * i + 1] - p.cy();
            double distance = Math.hypot(dx, dy);
            double theta = Math.atan2(dy, dx);
            double shift = 0;
            for (int h = 0; h < harmonics; h++) {
                shift += amplitude[h] * Math.sin((h + 2) * theta + phase[h]);
            }
            shift *= reach;
            dense[2 * i] += dx / distance * shift;
            dense[2 * i + 1] += dy / distance * shift;
        }
        return dense;
    }

    /** Shoelace area of a closed polygon. */
    private static double area(double[] pts) {
        int n = pts.length / 2;
        double sum = 0;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            sum += pts[2 * j] * pts[2 * i + 1] - pts[2 * i] * pts[2 * j + 1];
        }
        return sum / 2;
    }

    /** The closed polygon with every edge cut into pieces no longer than {@code step}. */
    private static double[] subdivide(double[] pts, double step) {
        int n = pts.length / 2;
        double[] out = new double[0];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double dx = pts[2 * j] - pts[2 * i];
            double dy = pts[2 * j + 1] - pts[2 * i + 1];
            int pieces = Math.max(1, (int) Math.ceil(Math.hypot(dx, dy) / step));
            if (out.length < 2 * (count + pieces)) {
                out = Arrays.copyOf(out, Math.max(2 * (count + pieces), 2 * out.length));
            }
            for (int s = 0; s < pieces; s++) {
                out[2 * count] = pts[2 * i] + dx * s / pieces;
                out[2 * count + 1] = pts[2 * i + 1] + dy * s / pieces;
                count++;
            }
        }
        return Arrays.copyOf(out, 2 * count);
    }

    /**
     * Paints one object over what is there: coverage from the signed distance to the (outer edge of the)
     * contour, contour centred on the outline. Returns the pixels the object covers before occlusion.
     * Distances are exact within a band around the outline (segment by segment) and clamped beyond it, where
     * nothing depends on them; inside or outside comes from even-odd crossings per row.
     */
    private static int paint(float[] rgb, int[] owner, int size, int index, Placement p, double[] points, Brush brush) {
        int n = points.length / 2;
        double half = brush.width / 2;
        double band = half + brush.wetWidth + 2;
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, points[2 * i]);
            maxX = Math.max(maxX, points[2 * i]);
            minY = Math.min(minY, points[2 * i + 1]);
            maxY = Math.max(maxY, points[2 * i + 1]);
        }
        int x0 = Math.max(0, (int) Math.floor(minX - band));
        int x1 = Math.min(size, (int) Math.ceil(maxX + band));
        int y0 = Math.max(0, (int) Math.floor(minY - band));
        int y1 = Math.min(size, (int) Math.ceil(maxY + band));
        if (x0 >= x1 || y0 >= y1) {
            return 0;
        }
        int w = x1 - x0;
        double[] squared = new double[w * (y1 - y0)];
        Arrays.fill(squared, band * band);
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ax = points[2 * j];
            double ay = points[2 * j + 1];
            double ex = points[2 * i] - ax;
            double ey = points[2 * i + 1] - ay;
            double length = ex * ex + ey * ey;
            int sx0 = Math.max(x0, (int) Math.floor(Math.min(ax, ax + ex) - band));
            int sx1 = Math.min(x1, (int) Math.ceil(Math.max(ax, ax + ex) + band));
            int sy0 = Math.max(y0, (int) Math.floor(Math.min(ay, ay + ey) - band));
            int sy1 = Math.min(y1, (int) Math.ceil(Math.max(ay, ay + ey) + band));
            for (int y = sy0; y < sy1; y++) {
                for (int x = sx0; x < sx1; x++) {
                    double dx = x + 0.5 - ax;
                    double dy = y + 0.5 - ay;
                    double t = length == 0 ? 0 : Math.max(0, Math.min(1, (dx * ex + dy * ey) / length));
                    double qx = dx - t * ex;
                    double qy = dy - t * ey;
                    int at = (y - y0) * w + x - x0;
                    squared[at] = Math.min(squared[at], qx * qx + qy * qy);
                }
            }
        }
        int area = 0;
        double[] crossings = new double[n];
        for (int y = y0; y < y1; y++) {
            double py = y + 0.5;
            int count = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                double xi = points[2 * i];
                double yi = points[2 * i + 1];
                double xj = points[2 * j];
                double yj = points[2 * j + 1];
                if ((yi > py) != (yj > py)) {
                    crossings[count++] = (xj - xi) * (py - yi) / (yj - yi) + xi;
                }
            }
            Arrays.sort(crossings, 0, count);
            int passed = 0;
            for (int x = x0; x < x1; x++) {
                double px = x + 0.5;
                while (passed < count && crossings[passed] <= px) {
                    passed++;
                }
                double distance = Math.sqrt(squared[(y - y0) * w + x - x0]);
                double d = passed % 2 == 1 ? -distance : distance;
                if (d <= half) {
                    owner[y * size + x] = index;
                    area++;
                }
                double alpha = Math.max(0, Math.min(1, 0.5 - (d - half)));
                if (alpha == 0) {
                    continue;
                }
                double filled = brush.width > 0 ? Math.max(0, Math.min(1, 0.5 - (d + half))) : 1;
                double streak = brush.streak(px, py);
                int i = 3 * (y * size + x);
                for (int c = 0; c < 3; c++) {
                    double colour = brush.paint(c, px, py, Math.min(d, 0), p, streak) * filled
                            + brush.stroke[c] * (1 - filled);
                    rgb[i + c] = (float) (rgb[i + c] * (1 - alpha) + colour * alpha);
                }
            }
        }
        return area;
    }

    /** A desaturated colour: saturation at most 0.13, value 0.35..0.95. */
    private static double[] muted(SplittableRandom random) {
        return Pixels.hsv(random.nextDouble(), random.nextDouble() * 0.13, 0.35 + random.nextDouble() * 0.6);
    }

    /** Backgrounds, named by the kinds the other renderers use (plain, gradient, noise, texture). */
    private static String background(float[] rgb, int size, SplittableRandom random) {
        double[] a = muted(random);
        double[] b = muted(random);
        if (Math.abs(a[0] + a[1] + a[2] - b[0] - b[1] - b[2]) < 0.3) {
            // two tones that differ clearly in lightness
            double shift = a[0] + a[1] + a[2] > 1.8 ? -0.2 : 0.2;
            for (int c = 0; c < 3; c++) {
                b[c] = Math.max(0, Math.min(1, a[c] + shift));
            }
        }
        double pick = random.nextDouble();
        String kind;
        Field field;
        if (pick < 0.2) {
            // paper: one wash
            field = (x, y) -> 0;
            kind = "plain";
        } else if (pick < 0.35) {
            // two-tone split along a soft line
            double angle = random.nextDouble() * 2 * Math.PI;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double offset = (random.nextDouble() * 2 - 1) * 0.2 * size;
            double soft = (3 + random.nextDouble() * 12) * size / 256.0;
            field = (x, y) -> smooth(0.5 + ((x - size / 2.0) * cos + (y - size / 2.0) * sin - offset) / (2 * soft));
            kind = "gradient";
        } else if (pick < 0.5) {
            // vignette: light centre, darker corners
            double cx = size * (0.35 + random.nextDouble() * 0.3);
            double cy = size * (0.35 + random.nextDouble() * 0.3);
            double strength = 0.6 + random.nextDouble() * 0.4;
            field = (x, y) -> strength * Math.min(1, (sq(x - cx) + sq(y - cy)) / sq(0.75 * size));
            if (a[0] + a[1] + a[2] < b[0] + b[1] + b[2]) {
                double[] t = a;
                a = b;
                b = t;
            }
            kind = "gradient";
        } else if (pick < 0.7) {
            // soft blobs of colour
            int count = 3 + random.nextInt(4);
            double[] bx = new double[count];
            double[] by = new double[count];
            double[] bs = new double[count];
            double[] bw = new double[count];
            for (int i = 0; i < count; i++) {
                bx[i] = random.nextDouble() * size;
                by[i] = random.nextDouble() * size;
                bs[i] = size * (0.15 + random.nextDouble() * 0.2);
                bw[i] = 0.4 + random.nextDouble() * 0.6;
            }
            field = (x, y) -> {
                double t = 0;
                for (int i = 0; i < count; i++) {
                    t = Math.max(t, bw[i] * Math.exp(-(sq(x - bx[i]) + sq(y - by[i])) / (2 * sq(bs[i]))));
                }
                return t;
            };
            kind = "noise";
        } else if (pick < 0.85) {
            // broad stripes at an angle, soft-edged
            double angle = Math.toRadians(20 + random.nextDouble() * 50 + (random.nextBoolean() ? 90 : 0));
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double period = size / (5.0 + random.nextDouble() * 6);
            double contrast = 0.35 + random.nextDouble() * 0.45;
            field = (x, y) -> {
                double u = (x * cos + y * sin) / period;
                double tri = Math.abs(2 * (u - Math.floor(u)) - 1);
                return contrast * smooth((tri - 0.5) * 4 + 0.5);
            };
            kind = "texture";
        } else {
            // canvas: a fine weave
            double period = (3 + random.nextDouble() * 2) * Math.max(1, size / 256.0);
            field = (x, y) -> 0.5 + 0.5 * Math.sin(2 * Math.PI * x / period) * Math.sin(2 * Math.PI * y / period);
            double[] mid = a;
            double[] weave = new double[3];
            for (int c = 0; c < 3; c++) {
                weave[c] = mid[c] * 0.88;
            }
            b = weave;
            kind = "texture";
        }
        // paper grain over every background: soft mottling and fine fibres
        Noise mottle = new Noise(random.nextLong());
        Noise fibres = new Noise(random.nextLong());
        double mottleCells = 4 + random.nextDouble() * 6;
        double mottleAmount = 0.02 + random.nextDouble() * 0.03;
        double fibreAmount = 0.01 + random.nextDouble() * 0.025;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                double t = Math.max(0, Math.min(1, field.at(px, py)));
                double grain = 1 + mottleAmount * (2 * mottle.at(px * mottleCells / size, py * mottleCells / size) - 1)
                        + fibreAmount * (2 * fibres.at(px / 1.5, py / 0.7) - 1);
                int i = 3 * (y * size + x);
                for (int c = 0; c < 3; c++) {
                    rgb[i + c] = (float) ((a[c] * (1 - t) + b[c] * t) * grain);
                }
            }
        }
        return kind;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double smooth(double t) {
        double u = Math.max(0, Math.min(1, t));
        return u * u * (3 - 2 * u);
    }

    /** A scalar field over pixel-centre coordinates. */
    private interface Field {
        double at(double x, double y);
    }

    /** Value noise on an unbounded integer lattice of hashed values in [0, 1), smoothstep-interpolated. */
    private static final class Noise {
        private final long seed;

        Noise(long seed) {
            this.seed = seed;
        }

        double at(double u, double v) {
            double fu = Math.floor(u);
            double fv = Math.floor(v);
            long iu = (long) fu;
            long iv = (long) fv;
            double tu = smooth(u - fu);
            double tv = smooth(v - fv);
            double top = value(iu, iv) * (1 - tu) + value(iu + 1, iv) * tu;
            double bottom = value(iu, iv + 1) * (1 - tu) + value(iu + 1, iv + 1) * tu;
            return top * (1 - tv) + bottom * tv;
        }

        private double value(long u, long v) {
            long z = seed ^ (u * 0x9E3779B97F4A7C15L) ^ (v * 0xC2B2AE3D27D4EB4FL);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return (z >>> 11) * 0x1.0p-53;
        }
    }

    private static float[] postProcess(float[] rgb, int size, double scale, SplittableRandom random) {
        float[] out = rgb;
        if (random.nextDouble() < 0.5) {
            out = gaussianBlur(out, size, (0.4 + random.nextDouble() * 0.4) * scale);
        }
        if (random.nextDouble() < 0.4) {
            double sigma = (1.5 + random.nextDouble() * 3.5) / 255.0;
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (Pixels.gaussian(random) * sigma);
            }
        }
        if (random.nextDouble() < 0.5) {
            double contrast = 0.9 + random.nextDouble() * 0.2;
            double offset = (random.nextDouble() * 2 - 1) * 0.04;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) ((out[i] - 0.5) * contrast + 0.5 + offset);
            }
        }
        if (random.nextDouble() < 0.5) {
            float quality = 0.5f + (float) random.nextDouble() * 0.35f;
            RgbImage image = Pixels.toImage(out, size);
            BufferedImage decoded = Java2dImages.jpeg(Java2dImages.toBuffered(image), quality);
            byte[] bytes = Java2dImages.fromBuffered(decoded).rgb();
            for (int i = 0; i < out.length; i++) {
                out[i] = (bytes[i] & 0xFF) / 255f;
            }
        }
        return out;
    }

    /** Blurs interleaved RGB samples channel by channel with the SDK's Gaussian blur. */
    private static float[] gaussianBlur(float[] rgb, int size, double sigma) {
        float[] plane = new float[size * size];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = rgb[3 * i + c];
            }
            GaussianBlur.blur(plane, size, size, sigma);
            for (int i = 0; i < plane.length; i++) {
                rgb[3 * i + c] = plane[i];
            }
        }
        return rgb;
    }
}
