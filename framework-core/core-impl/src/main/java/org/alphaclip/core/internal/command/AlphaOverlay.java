package org.alphaclip.core.internal.command;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.image.CropGeometry;
import org.alphaclip.sdk.image.ForegroundMap;
import org.alphaclip.sdk.image.Pictures;
import org.alphaclip.sdk.image.RegionOverlay;
import org.alphaclip.sdk.image.RegionRasterizer;
import org.alphaclip.sdk.io.AtomicFiles;

/**
 * Draws where the model is told to look: pixels outside the region dimmed, the region's edge outlined,
 * and the square the model actually sees (shortest-side resize and centre crop) as a dashed frame.
 */
final class AlphaOverlay {

    private static final Color CROP = new Color(0, 200, 255);

    private AlphaOverlay() {
    }

    /** Writes the overlay PNG atomically; returns the region's warnings. */
    static List<String> write(RgbImage image, Region region, int resolution, Path out) throws IOException {
        ForegroundMap map = RegionRasterizer.rasterize(region, image);
        int w = image.width();
        int h = image.height();
        BufferedImage picture = Pictures.toBufferedImage(RegionOverlay.shade(image, map.foreground()));
        CropGeometry crop = CropGeometry.shortestSideCenterCrop(w, h, resolution);
        double scaleX = (double) w / crop.resizedWidth();
        double scaleY = (double) h / crop.resizedHeight();
        Graphics2D g = picture.createGraphics();
        float line = Math.max(1f, Math.min(w, h) / 200f);
        g.setColor(CROP);
        g.setStroke(new BasicStroke(line, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4 * line, 3 * line}, 0f));
        g.drawRect((int) Math.round(crop.cropLeft() * scaleX), (int) Math.round(crop.cropTop() * scaleY),
                (int) Math.round(resolution * scaleX) - 1, (int) Math.round(resolution * scaleY) - 1);
        g.dispose();
        AtomicFiles.writePng(out, picture);
        return map.warnings();
    }
}
