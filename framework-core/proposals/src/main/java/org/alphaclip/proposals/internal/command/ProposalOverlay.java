package org.alphaclip.proposals.internal.command;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.io.AtomicFiles;

/** Draws proposals over their image: each mask tinted in its own colour, its box outlined and numbered from 1. */
final class ProposalOverlay {

    private static final Color[] PALETTE = {new Color(230, 25, 75), new Color(60, 180, 75), new Color(0, 130, 200),
        new Color(245, 130, 48), new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230),
        new Color(210, 245, 60), new Color(250, 190, 212), new Color(0, 128, 128), new Color(170, 110, 40),
        new Color(128, 0, 0)};
    private static final double TINT = 0.45;

    private ProposalOverlay() {
    }

    /** Writes the overlay as a PNG file, atomically (its folder is created). */
    static void write(RgbImage image, List<MaskProposal> proposals, Path file) throws IOException {
        int w = image.width();
        int h = image.height();
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[w * h];
        byte[] rgb = image.rgb();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
        }
        for (int k = proposals.size() - 1; k >= 0; k--) {
            Color colour = PALETTE[k % PALETTE.length];
            byte[] mask = proposals.get(k).mask().values();
            for (int i = 0; i < pixels.length && i < mask.length; i++) {
                if ((mask[i] & 0xFF) >= 128) {
                    pixels[i] = blend(pixels[i], colour);
                }
            }
        }
        picture.setRGB(0, 0, w, h, pixels, 0, w);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(Math.max(1f, Math.min(w, h) / 300f)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(w, h) / 30)));
        for (int k = 0; k < proposals.size(); k++) {
            Region.Box b = proposals.get(k).box();
            g.setColor(PALETTE[k % PALETTE.length]);
            g.drawRect((int) b.x0(), (int) b.y0(), (int) Math.ceil(b.x1() - b.x0()) - 1, (int) Math.ceil(b.y1() - b.y0()) - 1);
            g.drawString(Integer.toString(k + 1), (int) b.x0() + 3, (int) b.y0() + g.getFont().getSize());
        }
        g.dispose();
        AtomicFiles.writePng(file, picture);
    }

    private static int blend(int rgb, Color colour) {
        int r = (int) Math.round(((rgb >> 16) & 0xFF) * (1 - TINT) + colour.getRed() * TINT);
        int g = (int) Math.round(((rgb >> 8) & 0xFF) * (1 - TINT) + colour.getGreen() * TINT);
        int b = (int) Math.round((rgb & 0xFF) * (1 - TINT) + colour.getBlue() * TINT);
        return r << 16 | g << 8 | b;
    }
}
