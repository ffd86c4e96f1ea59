package org.alphaclip.sdk.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.io.AtomicFiles;

/**
 * One picture of a generative run: the source image with its region shaded (as {@code alphaclip:overlay} draws it)
 * beside what was made from it (variations, renders of a point cloud), each in a square tile of at least
 * {@value #MIN_TILE} pixels (small images scaled up with nearest-neighbour sampling, so their pixels stay visible), on
 * a grey background.
 */
public final class ContactSheet {

    /** The smallest tile side in pixels. */
    public static final int MIN_TILE = 128;
    private static final int GAP = 8;
    private static final Color BACKGROUND = new Color(48, 48, 48);

    private ContactSheet() {
    }

    /** Writes the sheet atomically. */
    public static void write(RgbImage source, Region region, List<RgbImage> variations, Path out) throws IOException {
        int tile = MIN_TILE;
        for (RgbImage v : variations) {
            tile = Math.max(tile, Math.max(v.width(), v.height()));
        }
        int tiles = 1 + variations.size();
        BufferedImage sheet = new BufferedImage(tiles * tile + (tiles + 1) * GAP, tile + 2 * GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        RgbImage shaded = RegionOverlay.shade(source, RegionRasterizer.rasterize(region, source).foreground());
        draw(g, Pictures.toBufferedImage(shaded), GAP, tile, true);
        for (int i = 0; i < variations.size(); i++) {
            draw(g, Pictures.toBufferedImage(variations.get(i)), GAP + (i + 1) * (tile + GAP), tile, false);
        }
        g.dispose();
        AtomicFiles.writePng(out, sheet);
    }

    /** Draws a picture fitted into a square tile, keeping its aspect ratio. */
    private static void draw(Graphics2D g, BufferedImage picture, int left, int tile, boolean smooth) {
        double scale = (double) tile / Math.max(picture.getWidth(), picture.getHeight());
        int w = (int) Math.round(picture.getWidth() * scale);
        int h = (int) Math.round(picture.getHeight() * scale);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, smooth
                ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(picture, left + (tile - w) / 2, GAP + (tile - h) / 2, w, h, null);
    }
}
