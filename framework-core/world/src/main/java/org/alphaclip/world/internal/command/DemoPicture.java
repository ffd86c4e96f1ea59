package org.alphaclip.world.internal.command;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.LabelScore;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.io.AtomicFiles;
import org.alphaclip.world.internal.render.Java2dImages;

/**
 * The demo picture: the image with the region shown as the model gets it (outside dimmed, edge
 * outlined), beside the ranked labels with the region and for the whole image.
 */
final class DemoPicture {

    private static final int SIDE = 320;
    private static final int PANEL = 360;
    private static final int SHOWN = 5;
    private static final Color EDGE = new Color(255, 200, 0);

    private DemoPicture() {
    }

    /** Writes the PNG, atomically. */
    static void write(RgbImage image, boolean[] region, List<LabelScore> withRegion, List<LabelScore> whole, String title,
            Path out) throws IOException {
        BufferedImage shaded = Java2dImages.toBuffered(overlay(image, region));
        BufferedImage picture = new BufferedImage(SIDE + PANEL, SIDE + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
        double scale = Math.min((double) SIDE / image.width(), (double) SIDE / image.height());
        int w = (int) Math.round(image.width() * scale);
        int h = (int) Math.round(image.height() * scale);
        g.drawImage(shaded, (SIDE - w) / 2, 30 + (SIDE - h) / 2, w, h, null);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 8, 20);
        ranking(g, "With the region", withRegion, SIDE + 16, 50);
        ranking(g, "Whole image (no region)", whole, SIDE + 16, 50 + 150);
        g.dispose();
        AtomicFiles.writePng(out, picture);
    }

    private static void ranking(Graphics2D g, String heading, List<LabelScore> ranked, int x, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(heading, x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < Math.min(SHOWN, ranked.size()); i++) {
            LabelScore r = ranked.get(i);
            int top = y + 10 + i * 22;
            g.setColor(i == 0 ? new Color(40, 120, 220) : new Color(170, 190, 215));
            g.fillRect(x + 110, top, (int) Math.round(150 * r.probability()), 14);
            g.setColor(Color.BLACK);
            g.drawString(r.label(), x, top + 12);
            g.drawString(String.format(Locale.ROOT, "%.1f%%", 100 * r.probability()), x + 266, top + 12);
        }
    }

    /**
     * The region's pixels at the image's size, for the picture: a pixel belongs to a box, disc or stroke
     * when its centre does (as the encoder rasterises them); a mask of another size is sampled nearest.
     */
    static boolean[] foreground(Region region, RgbImage image) {
        int w = image.width();
        int h = image.height();
        boolean[] inside = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                inside[y * w + x] = covers(region, image, x, y);
            }
        }
        return inside;
    }

    private static boolean covers(Region region, RgbImage image, int x, int y) {
        double cx = x + 0.5;
        double cy = y + 0.5;
        if (region instanceof Region.Mask m) {
            int mx = (int) ((2L * x + 1) * m.mask().width() / (2L * image.width()));
            int my = (int) ((2L * y + 1) * m.mask().height() / (2L * image.height()));
            return m.mask().value(mx, my) >= m.threshold();
        }
        if (region instanceof Region.Box b) {
            return cx >= b.x0() && cx < b.x1() && cy >= b.y0() && cy < b.y1();
        }
        if (region instanceof Region.Points p) {
            return p.points().stream().anyMatch(c -> Math.hypot(cx - c.x(), cy - c.y()) <= p.radius());
        }
        if (region instanceof Region.Strokes s) {
            for (List<Region.Point> line : s.polylines()) {
                for (int i = 0; i < line.size(); i++) {
                    if (segmentDistance(line.get(Math.max(0, i - 1)), line.get(i), cx, cy) <= s.width() / 2) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (region instanceof Region.ImageAlpha a) {
            return !image.hasAlpha() || (image.alpha()[y * image.width() + x] & 0xFF) >= a.threshold();
        }
        return true;
    }

    /** The distance from (x, y) to the segment a-b. */
    private static double segmentDistance(Region.Point a, Region.Point b, double x, double y) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x()) * dx + (y - a.y()) * dy) / lengthSquared));
        return Math.hypot(x - (a.x() + t * dx), y - (a.y() + t * dy));
    }

    /** Outside the region dimmed towards dark blue, the region's edge in yellow. */
    static RgbImage overlay(RgbImage image, boolean[] region) {
        int w = image.width();
        int h = image.height();
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = in[3 * i] & 0xFF;
                int gr = in[3 * i + 1] & 0xFF;
                int b = in[3 * i + 2] & 0xFF;
                if (!region[i]) {
                    r = r * 3 / 10;
                    gr = gr * 3 / 10;
                    b = Math.min(255, b * 3 / 10 + 40);
                } else if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !region[i - 1] || !region[i + 1]
                        || !region[i - w] || !region[i + w]) {
                    r = EDGE.getRed();
                    gr = EDGE.getGreen();
                    b = EDGE.getBlue();
                }
                out[3 * i] = (byte) r;
                out[3 * i + 1] = (byte) gr;
                out[3 * i + 2] = (byte) b;
            }
        }
        return new RgbImage(w, h, out, null);
    }
}
