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
import org.alphaclip.sdk.image.RegionOverlay;
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

    private DemoPicture() {
    }

    /** Writes the PNG, atomically. */
    static void write(RgbImage image, boolean[] region, List<LabelScore> withRegion, List<LabelScore> whole, String title,
            Path out) throws IOException {
        BufferedImage shaded = Java2dImages.toBuffered(RegionOverlay.shade(image, region));
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
}
