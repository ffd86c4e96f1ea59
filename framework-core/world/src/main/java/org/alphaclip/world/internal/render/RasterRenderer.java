package org.alphaclip.world.internal.render;

import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.world.Colour;
import org.alphaclip.world.internal.layout.Placement;

/**
 * The training renderer: shapes as signed-distance functions sampled per pixel, with 1 x 1 (aliased),
 * 2 x 2 or 4 x 4 supersampling at the edges, optional inner outlines and linear shading; backgrounds
 * plain, two-colour gradients, smooth value noise or low-contrast textures (stripes, checks, dots);
 * then optional blur, sensor noise and a global contrast change.
 */
public final class RasterRenderer implements Renderer {

    /** Two base shades of each label colour, in {@link Colour} order. */
    private static final int[][][] PALETTE = {
        {{215, 35, 35}, {200, 20, 70}},
        {{35, 160, 55}, {70, 190, 30}},
        {{35, 75, 215}, {30, 125, 230}},
        {{235, 200, 30}, {250, 230, 70}},
        {{135, 55, 175}, {165, 75, 205}},
    };
    private static final int[] SUPERSAMPLING = {1, 2, 4};

    @Override
    public String name() {
        return "raster";
    }

    @Override
    public Rendering render(List<Placement> placements, int size, SplittableRandom random) {
        float[] rgb = new float[size * size * 3];
        String background = background(rgb, size, random);
        int[] owner = new int[size * size];
        java.util.Arrays.fill(owner, -1);
        int[] fullAreas = new int[placements.size()];
        int samples = SUPERSAMPLING[random.nextInt(SUPERSAMPLING.length)];
        double scale = size / 256.0;
        for (int k = 0; k < placements.size(); k++) {
            Placement p = placements.get(k);
            Geometry geometry = geometry(p);
            int[][] shades = PALETTE[p.colour().ordinal()];
            double[] fill = Pixels.jittered(shades[random.nextInt(shades.length)], 20, 0.12, random);
            double outline = random.nextDouble() < 0.35 ? (1 + random.nextDouble() * 2.5) * scale : 0;
            double[] stroke = outlineColour(fill, random);
            double shade = random.nextDouble() < 0.3 ? (random.nextDouble() * 2 - 1) * 0.18 : 0;
            double shadeAngle = random.nextDouble() * 2 * Math.PI;
            fullAreas[k] = draw(rgb, owner, size, k, geometry, p, fill, outline, stroke, shade, shadeAngle, samples);
        }
        postProcess(rgb, size, random);
        return new Rendering(Pixels.toImage(rgb, size), owner, fullAreas, background);
    }

    private static Geometry geometry(Placement p) {
        double r = p.radius();
        return switch (p.shape()) {
            case CIRCLE -> Geometry.circle(p.cx(), p.cy(), r);
            // same area as the disc: side r * sqrt(pi), circumradius side / sqrt(2)
            case SQUARE -> Geometry.star(p.cx(), p.cy(), 4, r * Math.sqrt(Math.PI / 2), 0, p.rotation() + Math.PI / 4);
            // equilateral, area 3 sqrt(3) / 4 R^2
            case TRIANGLE -> Geometry.star(p.cx(), p.cy(), 3, r * Math.sqrt(4 * Math.PI / (3 * Math.sqrt(3))), 0,
                    p.rotation());
            // five points, inner radius 0.45 of the outer, area 5 sin(36 deg) * 0.45 R^2
            case STAR -> {
                double outer = r * Math.sqrt(Math.PI / (5 * Math.sin(Math.PI / 5) * 0.45));
                yield Geometry.star(p.cx(), p.cy(), 5, outer, 0.45 * outer, p.rotation());
            }
        };
    }

    private static double[] outlineColour(double[] fill, SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> new double[] {0.05, 0.05, 0.05};
            case 1 -> new double[] {fill[0] * 0.5, fill[1] * 0.5, fill[2] * 0.5};
            default -> new double[] {0.95, 0.95, 0.95};
        };
    }

    /** Composites one object over the pixels drawn so far; returns the pixels its shape covers. */
    private static int draw(float[] rgb, int[] owner, int size, int index, Geometry g, Placement p, double[] fill,
            double outline, double[] stroke, double shade, double shadeAngle, int samples) {
        double extent = g.extent() + 1;
        int x0 = Math.max(0, (int) Math.floor(p.cx() - extent));
        int x1 = Math.min(size, (int) Math.ceil(p.cx() + extent));
        int y0 = Math.max(0, (int) Math.floor(p.cy() - extent));
        int y1 = Math.min(size, (int) Math.ceil(p.cy() + extent));
        double sx = Math.cos(shadeAngle) / g.extent();
        double sy = Math.sin(shadeAngle) / g.extent();
        int area = 0;
        double[] colour = new double[3];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double d = g.signedDistance(x + 0.5, y + 0.5);
                if (d <= 0) {
                    owner[y * size + x] = index;
                    area++;
                }
                if (d > 0.75) {
                    continue;
                }
                int i = 3 * (y * size + x);
                double light = 1 + shade * ((x + 0.5 - p.cx()) * sx + (y + 0.5 - p.cy()) * sy);
                boolean uniform = d < -(outline + 0.75) || samples == 1;
                int n = uniform ? 1 : samples;
                double r = 0;
                double gr = 0;
                double b = 0;
                for (int sy0 = 0; sy0 < n; sy0++) {
                    for (int sx0 = 0; sx0 < n; sx0++) {
                        double dd = n == 1 ? d : g.signedDistance(x + (sx0 + 0.5) / n, y + (sy0 + 0.5) / n);
                        if (dd > 0) {
                            colour[0] = rgb[i];
                            colour[1] = rgb[i + 1];
                            colour[2] = rgb[i + 2];
                        } else if (dd > -outline) {
                            colour[0] = stroke[0];
                            colour[1] = stroke[1];
                            colour[2] = stroke[2];
                        } else {
                            colour[0] = fill[0] * light;
                            colour[1] = fill[1] * light;
                            colour[2] = fill[2] * light;
                        }
                        r += colour[0];
                        gr += colour[1];
                        b += colour[2];
                    }
                }
                int total = n * n;
                rgb[i] = (float) (r / total);
                rgb[i + 1] = (float) (gr / total);
                rgb[i + 2] = (float) (b / total);
            }
        }
        return area;
    }

    private static String background(float[] rgb, int size, SplittableRandom random) {
        double[] a = Pixels.mutedColour(random);
        double pick = random.nextDouble();
        if (pick < 0.3) {
            fill(rgb, size, (x, y) -> 0, a, a);
            return "plain";
        }
        double[] b = Pixels.mutedColour(random);
        if (pick < 0.55) {
            double angle = random.nextDouble() * 2 * Math.PI;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            fill(rgb, size, (x, y) -> 0.5 + ((x / size - 0.5) * cos + (y / size - 0.5) * sin) / Math.sqrt(2), a, b);
            return "gradient";
        }
        if (pick < 0.75) {
            ValueNoise noise = new ValueNoise(4 + random.nextInt(9), random);
            double contrast = 0.3 + random.nextDouble() * 0.7;
            fill(rgb, size, (x, y) -> 0.5 + (noise.at(x / size, y / size) - 0.5) * contrast, a, b);
            return "noise";
        }
        double period = size / (6.0 + random.nextDouble() * 18);
        double contrast = 0.25 + random.nextDouble() * 0.5;
        double angle = random.nextDouble() * Math.PI;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Field texture = switch (random.nextInt(3)) {
            case 0 -> (x, y) -> 0.5 + 0.5 * Math.sin(2 * Math.PI * (x * cos + y * sin) / period);
            case 1 -> (x, y) -> (Math.floorMod((int) Math.floor((x * cos + y * sin) / period)
                    + (int) Math.floor((y * cos - x * sin) / period), 2));
            default -> (x, y) -> {
                double u = (x / period) - Math.floor(x / period) - 0.5;
                double v = (y / period) - Math.floor(y / period) - 0.5;
                return Math.hypot(u, v) < 0.22 ? 1 : 0;
            };
        };
        fill(rgb, size, (x, y) -> 0.5 + (texture.at(x, y) - 0.5) * contrast, a, b);
        return "texture";
    }

    /** A scalar field over pixel-centre coordinates, mixing two colours. */
    private interface Field {
        double at(double x, double y);
    }

    private static void fill(float[] rgb, int size, Field field, double[] a, double[] b) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = Math.max(0, Math.min(1, field.at(x + 0.5, y + 0.5)));
                int i = 3 * (y * size + x);
                for (int c = 0; c < 3; c++) {
                    rgb[i + c] = (float) (a[c] * (1 - t) + b[c] * t);
                }
            }
        }
    }

    private static void postProcess(float[] rgb, int size, SplittableRandom random) {
        if (random.nextDouble() < 0.25) {
            blur(rgb, size);
        }
        if (random.nextDouble() < 0.35) {
            double sigma = (2 + random.nextDouble() * 8) / 255.0;
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] += (float) (Pixels.gaussian(random) * sigma);
            }
        }
        if (random.nextDouble() < 0.3) {
            double contrast = 0.8 + random.nextDouble() * 0.35;
            double offset = (random.nextDouble() * 2 - 1) * 0.06;
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (float) ((rgb[i] - 0.5) * contrast + 0.5 + offset);
            }
        }
    }

    /** A separable [1 2 1] / 4 blur with clamped borders. */
    private static void blur(float[] rgb, int size) {
        float[] tmp = new float[rgb.length];
        for (int pass = 0; pass < 2; pass++) {
            float[] src = pass == 0 ? rgb : tmp;
            float[] dst = pass == 0 ? tmp : rgb;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int before = pass == 0 ? Math.max(0, x - 1) + y * size : x + Math.max(0, y - 1) * size;
                    int after = pass == 0 ? Math.min(size - 1, x + 1) + y * size : x + Math.min(size - 1, y + 1) * size;
                    int at = x + y * size;
                    for (int c = 0; c < 3; c++) {
                        dst[3 * at + c] = (src[3 * before + c] + 2 * src[3 * at + c] + src[3 * after + c]) / 4;
                    }
                }
            }
        }
    }

    /** Smooth value noise on a square grid of random values, bilinearly interpolated with smoothstep. */
    private static final class ValueNoise {
        private final int cells;
        private final double[] values;

        ValueNoise(int cells, SplittableRandom random) {
            this.cells = cells;
            this.values = new double[(cells + 1) * (cells + 1)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble();
            }
        }

        double at(double u, double v) {
            double x = u * cells;
            double y = v * cells;
            int ix = Math.min(cells - 1, (int) x);
            int iy = Math.min(cells - 1, (int) y);
            double fx = smooth(x - ix);
            double fy = smooth(y - iy);
            int row = cells + 1;
            double top = values[iy * row + ix] * (1 - fx) + values[iy * row + ix + 1] * fx;
            double bottom = values[(iy + 1) * row + ix] * (1 - fx) + values[(iy + 1) * row + ix + 1] * fx;
            return top * (1 - fy) + bottom * fy;
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }
    }
}
