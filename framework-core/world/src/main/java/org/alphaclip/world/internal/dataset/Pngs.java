package org.alphaclip.world.internal.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;

/** PNG encoding and decoding of the world's images and masks (8-bit RGB and 8-bit grey, no metadata). */
public final class Pngs {

    private Pngs() {
    }

    /** The image as a Java2D picture (for drawing on it). */
    public static BufferedImage toBuffered(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return out;
    }

    /** A Java2D picture as an RGB image (alpha dropped). */
    public static RgbImage fromBuffered(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        int[] argb = picture.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb, null);
    }

    /** PNG bytes of an RGB image. */
    public static byte[] encode(RgbImage image) {
        return png(toBuffered(image));
    }

    /** PNG bytes of a grey image. */
    public static byte[] encode(GrayImage mask) {
        BufferedImage out = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(mask.values(), 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), 0,
                mask.values().length);
        return png(out);
    }

    /** Reads an RGB image file. */
    public static RgbImage readImage(Path file) throws IOException {
        return fromBuffered(read(file));
    }

    /** Reads a mask file: the first channel of a grey or colour image. */
    public static GrayImage readMask(Path file) throws IOException {
        BufferedImage picture = read(file);
        int w = picture.getWidth();
        int h = picture.getHeight();
        byte[] values = new byte[w * h];
        var raster = picture.getRaster();
        int bits = picture.getColorModel().getComponentSize(0);
        int max = (1 << bits) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (byte) (raster.getSample(x, y, 0) * 255 / max);
            }
        }
        return new GrayImage(w, h, values);
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage picture = ImageIO.read(file.toFile());
        if (picture == null) {
            throw new IOException("Not a readable image: " + file);
        }
        return picture;
    }

    /** Writes bytes to a file, creating its folder. */
    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static byte[] png(BufferedImage picture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }
}
