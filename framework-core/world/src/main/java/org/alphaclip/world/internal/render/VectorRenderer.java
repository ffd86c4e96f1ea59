package org.alphaclip.world.internal.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.Paint;
import java.awt.RadialGradientPaint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.world.internal.layout.Placement;

/**
 * The held-out renderer: the same world drawn with Java2D instead of the training renderer's own
 * sampling, so a model tuned to those pixels shows it. Other shades of the label colours, gradient
 * fills, ellipses that are not quite round, rounded squares, isosceles triangles, stars with other
 * point depths, centred (sometimes dashed) strokes, drop shadows, radial and cyclic gradients,
 * speckle, hatching and brick backgrounds, Java2D's own anti-aliasing or none, and JPEG artefacts.
 */
public final class VectorRenderer implements Renderer {

    /** Three shades per label colour, in {@link org.alphaclip.world.Colour} order. */
    private static final int[][][] PALETTE = {
        {{230, 20, 60}, {190, 0, 0}, {255, 70, 40}},
        {{20, 200, 90}, {0, 128, 0}, {100, 175, 40}},
        {{0, 90, 255}, {20, 40, 160}, {60, 130, 210}},
        {{255, 225, 0}, {245, 180, 10}, {240, 235, 90}},
        {{150, 40, 200}, {105, 20, 130}, {175, 95, 215}},
    };

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public Rendering render(List<Placement> placements, int size, SplittableRandom random) {
        BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        boolean antialias = random.nextDouble() < 0.75;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                antialias ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        String background = background(g, size, random);
        double scale = size / 256.0;
        int[] owner = new int[size * size];
        Arrays.fill(owner, -1);
        int[] fullAreas = new int[placements.size()];
        for (int k = 0; k < placements.size(); k++) {
            Placement p = placements.get(k);
            java.awt.Shape outline = shape(p, random);
            int[][] shades = PALETTE[p.colour().ordinal()];
            Color main = colour(shades[random.nextInt(shades.length)], random);
            BasicStroke stroke = random.nextDouble() < 0.45 ? stroke(scale, random) : null;
            Color strokeColour = switch (random.nextInt(3)) {
                case 0 -> Color.BLACK;
                case 1 -> main.darker().darker();
                default -> new Color(250, 250, 245);
            };
            if (random.nextDouble() < 0.3) {
                double offset = (2 + random.nextDouble() * 3) * scale;
                g.setColor(new Color(0, 0, 0, 70));
                g.fill(AffineTransform.getTranslateInstance(offset, offset).createTransformedShape(outline));
            }
            g.setPaint(fill(main, outline, random));
            g.fill(outline);
            Area area = new Area(outline);
            if (stroke != null) {
                g.setStroke(stroke);
                g.setColor(strokeColour);
                g.draw(outline);
                area.add(new Area(stroke.createStrokedShape(outline)));
            }
            fullAreas[k] = cover(area, owner, size, k);
        }
        g.dispose();
        picture = postProcess(picture, random);
        return new Rendering(Java2dImages.fromBuffered(picture), owner, fullAreas,
                background);
    }

    private static java.awt.Shape shape(Placement p, SplittableRandom random) {
        double r = p.radius();
        double area = Math.PI * r * r;
        java.awt.Shape local = switch (p.shape()) {
            case CIRCLE -> {
                double aspect = 0.9 + random.nextDouble() * 0.2;
                double a = r * Math.sqrt(aspect);
                double b = r / Math.sqrt(aspect);
                yield new Ellipse2D.Double(-a, -b, 2 * a, 2 * b);
            }
            case SQUARE -> {
                double side = Math.sqrt(area);
                double arc = side * random.nextDouble() * 0.35;
                yield new RoundRectangle2D.Double(-side / 2, -side / 2, side, side, arc, arc);
            }
            case TRIANGLE -> {
                // isosceles with apex angle 45..75 degrees, apex up, centred on its centroid
                double apex = Math.toRadians(45 + random.nextDouble() * 30);
                double ratio = 2 * Math.tan(apex / 2);
                double height = Math.sqrt(2 * area / ratio);
                double half = height * ratio / 2;
                Path2D.Double path = new Path2D.Double();
                path.moveTo(0, -2 * height / 3);
                path.lineTo(half, height / 3);
                path.lineTo(-half, height / 3);
                path.closePath();
                yield path;
            }
            case STAR -> {
                double depth = 0.38 + random.nextDouble() * 0.14;
                double outer = Math.sqrt(area / (5 * Math.sin(Math.PI / 5) * depth));
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < 10; i++) {
                    double angle = -Math.PI / 2 + Math.PI * i / 5;
                    double radius = i % 2 == 0 ? outer : outer * depth;
                    if (i == 0) {
                        path.moveTo(radius * Math.cos(angle), radius * Math.sin(angle));
                    } else {
                        path.lineTo(radius * Math.cos(angle), radius * Math.sin(angle));
                    }
                }
                path.closePath();
                yield path;
            }
        };
        AffineTransform placeIt = AffineTransform.getTranslateInstance(p.cx(), p.cy());
        placeIt.rotate(p.rotation());
        return placeIt.createTransformedShape(local);
    }

    private static Color colour(int[] base, SplittableRandom random) {
        int[] c = new int[3];
        for (int i = 0; i < 3; i++) {
            c[i] = Math.max(0, Math.min(255, base[i] + random.nextInt(25) - 12));
        }
        return new Color(c[0], c[1], c[2]);
    }

    private static Paint fill(Color main, java.awt.Shape outline, SplittableRandom random) {
        if (random.nextDouble() < 0.6) {
            return main;
        }
        Rectangle bounds = outline.getBounds();
        boolean lightTop = random.nextBoolean();
        Color light = blend(main, Color.WHITE, 0.3);
        Color dark = blend(main, Color.BLACK, 0.3);
        return new GradientPaint(bounds.x, bounds.y, lightTop ? light : dark, bounds.x + bounds.width,
                bounds.y + bounds.height, lightTop ? dark : light);
    }

    private static BasicStroke stroke(double scale, SplittableRandom random) {
        float width = (float) ((1 + random.nextDouble() * 3) * scale);
        if (random.nextDouble() < 0.3) {
            return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4 * width, 2 * width}, 0f);
        }
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** Marks the pixel centres inside the area as owned by object k; returns how many there are. */
    private static int cover(Area area, int[] owner, int size, int k) {
        Rectangle bounds = area.getBounds();
        int count = 0;
        for (int y = Math.max(0, bounds.y); y < Math.min(size, bounds.y + bounds.height + 1); y++) {
            for (int x = Math.max(0, bounds.x); x < Math.min(size, bounds.x + bounds.width + 1); x++) {
                if (area.contains(x + 0.5, y + 0.5)) {
                    owner[y * size + x] = k;
                    count++;
                }
            }
        }
        return count;
    }

    private static String background(Graphics2D g, int size, SplittableRandom random) {
        Color a = muted(random);
        Color b = muted(random);
        double pick = random.nextDouble();
        String kind;
        if (pick < 0.25) {
            g.setColor(a);
            kind = "plain";
        } else if (pick < 0.5) {
            Point2D centre = new Point2D.Double(random.nextDouble() * size, random.nextDouble() * size);
            g.setPaint(random.nextBoolean()
                    ? new RadialGradientPaint(centre, (float) (size * (0.4 + random.nextDouble() * 0.6)),
                            new float[] {0f, 1f}, new Color[] {a, b}, MultipleGradientPaint.CycleMethod.NO_CYCLE)
                    : new GradientPaint(0, 0, a, (float) (size * random.nextDouble()), size / 2f, b, true));
            kind = "gradient";
        } else if (pick < 0.7) {
            g.setColor(a);
            g.fillRect(0, 0, size, size);
            int specks = size * size / 12;
            for (int i = 0; i < specks; i++) {
                int c = random.nextInt(60) - 30;
                g.setColor(new Color(clamp(a.getRed() + c), clamp(a.getGreen() + c), clamp(a.getBlue() + c)));
                int s = 1 + random.nextInt(3);
                g.fillRect(random.nextInt(size), random.nextInt(size), s, s);
            }
            return "noise";
        } else {
            g.setPaint(tile(a, b, size, random));
            kind = "texture";
        }
        g.fillRect(0, 0, size, size);
        return kind;
    }

    private static Paint tile(Color a, Color b, int size, SplittableRandom random) {
        int cell = Math.max(6, size / (8 + random.nextInt(16)));
        BufferedImage tile = new BufferedImage(cell, cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D t = tile.createGraphics();
        t.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        t.setColor(a);
        t.fillRect(0, 0, cell, cell);
        t.setColor(b);
        switch (random.nextInt(3)) {
            case 0 -> {
                t.setStroke(new BasicStroke(Math.max(1f, cell / 6f)));
                t.drawLine(0, cell, cell, 0);
            }
            case 1 -> t.fill(new Ellipse2D.Double(cell * 0.25, cell * 0.25, cell * 0.5, cell * 0.5));
            default -> {
                t.fillRect(0, cell / 2 - 1, cell, Math.max(1, cell / 10));
                t.fillRect(cell / 2, 0, Math.max(1, cell / 10), cell / 2);
            }
        }
        t.dispose();
        return new TexturePaint(tile, new Rectangle(0, 0, cell, cell));
    }

    private static Color muted(SplittableRandom random) {
        double[] c = Pixels.hsv(random.nextDouble(), random.nextDouble() * 0.18, 0.1 + random.nextDouble() * 0.88);
        return new Color((float) c[0], (float) c[1], (float) c[2]);
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color(clamp((int) Math.round(a.getRed() * (1 - t) + b.getRed() * t)),
                clamp((int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t)),
                clamp((int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t)));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage postProcess(BufferedImage picture, SplittableRandom random) {
        BufferedImage out = picture;
        if (random.nextDouble() < 0.2) {
            float[] kernel = new float[9];
            Arrays.fill(kernel, 1f / 9);
            BufferedImage blurred = new BufferedImage(out.getWidth(), out.getHeight(), BufferedImage.TYPE_INT_RGB);
            new ConvolveOp(new Kernel(3, 3, kernel), ConvolveOp.EDGE_NO_OP, null).filter(out, blurred);
            out = blurred;
        }
        if (random.nextDouble() < 0.35) {
            out = Java2dImages.jpeg(out, 0.55f + (float) random.nextDouble() * 0.35f);
        }
        return out;
    }
}
