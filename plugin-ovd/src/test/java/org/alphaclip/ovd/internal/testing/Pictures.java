package org.alphaclip.ovd.internal.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Writes small test pictures: black with filled rectangles of given red values. */
public final class Pictures {

    private Pictures() {
    }

    /**
     * Writes a PNG of {@code width x height} with rectangles {@code {red, x0, y0, x1, y1}} (x1, y1 exclusive),
     * later ones on top.
     */
    public static Path png(Path file, int width, int height, int[]... rectangles) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int[] r : rectangles) {
            for (int y = r[2]; y < r[4]; y++) {
                for (int x = r[1]; x < r[3]; x++) {
                    image.setRGB(x, y, r[0] << 16 | 40 << 8 | 40);
                }
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
