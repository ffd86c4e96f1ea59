package org.alphaclip.ovd.internal.classify;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.sdk.io.AtomicFiles;

/**
 * Draws labelled regions over an image as PNG: each region in its own colour, masks tinted, boxes outlined,
 * and a tag {@code n: label 0.93} at the box's top-left corner.
 */
public final class LabelPainter {

    private static final Color[] PALETTE = {new Color(230, 25, 75), new Color(60, 180, 75), new Color(255, 225, 25),
        new Color(0, 130, 200), new Color(245, 130, 48), new Color(145, 30, 180), new Color(70, 240, 240),
        new Color(240, 50, 230), new Color(210, 245, 60), new Color(250, 190, 212)};

    private LabelPainter() {
    }

    /** Writes the picture atomically. */
    public static void write(RgbImage image, List<RegionLabel> labels, Path out) throws IOException {
        int w = image.width();
        int h = image.height();
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] rgb = image.rgb();
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
        }
        for (RegionLabel label : labels) {
            if (label.query().mask() != null) {
                tint(pixels, label.query().mask().values(), colour(label));
            }
        }
        picture.setRGB(0, 0, w, h, pixels, 0, w);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        float line = Math.max(1.5f, Math.min(w, h) / 250f);
        g.setStroke(new BasicStroke(line));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(w, h) / 30)));
        FontMetrics metrics = g.getFontMetrics();
        for (RegionLabel label : labels) {
            int[] b = label.query().box();
            g.setColor(colour(label));
            g.drawRect(b[0], b[1], Math.max(1, b[2] - b[0] - 1), Math.max(1, b[3] - b[1] - 1));
            String tag = String.format(Locale.ROOT, "%d: %s %.2f", label.index(), label.best().label(),
                    label.best().probability());
            int tw = metrics.stringWidth(tag) + 6;
            int th = metrics.getHeight();
            int x = Math.max(0, Math.min(b[0], w - tw));
            int y = b[1] - th >= 0 ? b[1] - th : Math.min(b[1], h - th);
            g.fillRect(x, Math.max(0, y), tw, th);
            g.setColor(Color.BLACK);
            g.drawString(tag, x + 3, Math.max(0, y) + metrics.getAscent());
        }
        g.dispose();
        AtomicFiles.writePng(out, picture);
    }

    private static Color colour(RegionLabel label) {
        return PALETTE[(label.index() - 1) % PALETTE.length];
    }

    private static void tint(int[] pixels, byte[] mask, Color colour) {
        int cr = colour.getRed();
        int cg = colour.getGreen();
        int cb = colour.getBlue();
        for (int i = 0; i < pixels.length; i++) {
            if ((mask[i] & 0xFF) >= 128) {
                int p = pixels[i];
                int r = ((p >> 16) & 0xFF) * 6 / 10 + cr * 4 / 10;
                int gr = ((p >> 8) & 0xFF) * 6 / 10 + cg * 4 / 10;
                int b = (p & 0xFF) * 6 / 10 + cb * 4 / 10;
                pixels[i] = (r << 16) | (gr << 8) | b;
            }
        }
    }
}
