package org.alphaclip.rec.internal.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;

/** An {@link ImageReader} for tests, on the JDK's ImageIO. */
public final class FileImages implements ImageReader {

    @Override
    public RgbImage readImage(Path file) throws InvalidImageException {
        BufferedImage image = read(file);
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb, null);
    }

    @Override
    public GrayImage readMask(Path file) throws InvalidImageException {
        BufferedImage image = read(file);
        byte[] values = new byte[image.getWidth() * image.getHeight()];
        image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), values);
        return new GrayImage(image.getWidth(), image.getHeight(), values);
    }

    @Override
    public long maxPixels() {
        return 1L << 26;
    }

    private static BufferedImage read(Path file) throws InvalidImageException {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new InvalidImageException(file + " is not an image");
            }
            return image;
        } catch (IOException e) {
            throw new InvalidImageException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
