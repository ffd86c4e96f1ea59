import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The ImageIO part of the image decoding corpus (run by {@code make_image_corpus.py}, which gives the
 * folder of its sources and the output folder): JPEG, PNG, BMP, GIF and TIFF files written by the JDK's own
 * encoders from the corpus's source pictures.
 *
 * <pre>java tools/testdata/ImageIoCorpusWriter.java SOURCE_DIR OUT_DIR</pre>
 */
public final class ImageIoCorpusWriter {

    private final Path out;

    private ImageIoCorpusWriter(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ImageIoCorpusWriter SOURCE_DIR OUT_DIR");
        }
        Path sources = Path.of(args[0]);
        ImageIoCorpusWriter writer = new ImageIoCorpusWriter(Path.of(args[1]));
        BufferedImage photo = read(sources.resolve("photo.png"));
        BufferedImage photoAlpha = read(sources.resolve("photo-alpha.png"));
        BufferedImage deep = read(sources.resolve("photo-48.png"));
        writer.jpegs(photo);
        writer.pngs(photo, photoAlpha, deep);
        writer.bmps(photo);
        writer.gifs(photo);
        writer.tiffs(photo, photoAlpha);
    }

    private void jpegs(BufferedImage photo) throws IOException {
        BufferedImage bgr = convert(photo, BufferedImage.TYPE_3BYTE_BGR);
        write(bgr, "jpeg", "imageio-420.jpg", null, 0.9f);
        write(convert(photo, BufferedImage.TYPE_INT_RGB), "jpeg", "imageio-420-q50.jpg", null, 0.5f);
        write(gray(photo), "jpeg", "imageio-gray.jpg", null, 0.9f);
        write(cmykRaster(photo), "jpeg", "imageio-cmyk.jpg", null, 0.9f);
    }

    private void pngs(BufferedImage photo, BufferedImage photoAlpha, BufferedImage deep) throws IOException {
        write(convert(photo, BufferedImage.TYPE_3BYTE_BGR), "png", "imageio-rgb.png", null, null);
        write(convert(photoAlpha, BufferedImage.TYPE_INT_ARGB), "png", "imageio-argb.png", null, null);
        write(deep, "png", "imageio-rgb48.png", null, null);
        write(gray16(deep), "png", "imageio-gray16.png", null, null);
        write(indexed(photo, 4), "png", "imageio-palette-4bit.png", null, null);
        write(indexed(photo, 1), "png", "imageio-palette-1bit.png", null, null);
        write(binary(photo), "png", "imageio-binary.png", null, null);
    }

    private void bmps(BufferedImage photo) throws IOException {
        write(convert(photo, BufferedImage.TYPE_3BYTE_BGR), "bmp", "imageio-24.bmp", null, null);
        write(convert(photo, BufferedImage.TYPE_USHORT_565_RGB), "bmp", "imageio-565.bmp", null, null);
        write(convert(photo, BufferedImage.TYPE_USHORT_555_RGB), "bmp", "imageio-555.bmp", null, null);
        write(indexed(photo, 8), "bmp", "imageio-8bit.bmp", null, null);
        write(indexed(photo, 8), "bmp", "imageio-rle8.bmp", "BI_RLE8", null);
        write(indexed(photo, 4), "bmp", "imageio-rle4.bmp", "BI_RLE4", null);
        write(binary(photo), "bmp", "imageio-1bit.bmp", null, null);
    }

    private void gifs(BufferedImage photo) throws IOException {
        write(indexed(photo, 8), "gif", "imageio-palette.gif", null, null);
        write(transparentIndexed(photo), "gif", "imageio-transparent.gif", null, null);
    }

    private void tiffs(BufferedImage photo, BufferedImage photoAlpha) throws IOException {
        BufferedImage rgb = convert(photo, BufferedImage.TYPE_3BYTE_BGR);
        write(rgb, "tiff", "imageio-none.tif", "none", null);
        write(rgb, "tiff", "imageio-lzw.tif", "LZW", null);
        write(rgb, "tiff", "imageio-deflate.tif", "ZLib", null);
        write(rgb, "tiff", "imageio-packbits.tif", "PackBits", null);
        write(rgb, "tiff", "imageio-jpeg.tif", "JPEG", 0.9f);
        write(convert(photoAlpha, BufferedImage.TYPE_4BYTE_ABGR), "tiff", "imageio-rgba-lzw.tif", "LZW", null);
        write(gray(photo), "tiff", "imageio-gray-deflate.tif", "ZLib", null);
    }

    private void write(Object image, String format, String name, String compression, Float quality)
            throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if ("none".equals(compression)) {
            param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
        } else if (compression != null || quality != null) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            if (compression != null) {
                param.setCompressionType(compression);
            } else if (param.getCompressionTypes() != null && param.getCompressionType() == null) {
                param.setCompressionType(param.getCompressionTypes()[0]);
            }
            if (quality != null) {
                param.setCompressionQuality(quality);
            }
        }
        Path file = out.resolve(name);
        Files.deleteIfExists(file);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            IIOImage content = image instanceof Raster raster ? new IIOImage(raster, null, null)
                    : new IIOImage((BufferedImage) image, null, null);
            writer.write(null, content, param);
        } finally {
            writer.dispose();
        }
        System.out.println(file);
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + ": not readable");
        }
        return image;
    }

    private static BufferedImage convert(BufferedImage source, int type) {
        BufferedImage target = new BufferedImage(source.getWidth(), source.getHeight(), type);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                target.setRGB(x, y, source.getRGB(x, y));
            }
        }
        return target;
    }

    /** Grey as the integer mean of R, G, B, written into the raster without colour conversion. */
    private static BufferedImage gray(BufferedImage source) {
        BufferedImage target = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int rgb = source.getRGB(x, y);
                int mean = (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)) / 3;
                target.getRaster().setSample(x, y, 0, mean);
            }
        }
        return target;
    }

    /** The 16-bit red samples of a 16-bit RGB picture as a 16-bit grey image. */
    private static BufferedImage gray16(BufferedImage deep) {
        BufferedImage target = new BufferedImage(deep.getWidth(), deep.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < deep.getHeight(); y++) {
            for (int x = 0; x < deep.getWidth(); x++) {
                target.getRaster().setSample(x, y, 0, deep.getRaster().getSample(x, y, 0));
            }
        }
        return target;
    }

    /** Naive CMYK samples (K = 255 - max, C = 255 - R - K ...) as a raster: the writer stores it unconverted. */
    private static Raster cmykRaster(BufferedImage source) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, source.getWidth(),
                source.getHeight(), 4, null);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int rgb = source.getRGB(x, y);
                int r = (rgb >> 16) & 255;
                int g = (rgb >> 8) & 255;
                int b = rgb & 255;
                int k = 255 - Math.max(r, Math.max(g, b));
                raster.setPixel(x, y, new int[] {255 - r - k, 255 - g - k, 255 - b - k, k});
            }
        }
        return raster;
    }

    /** A palette image of 2^bits entries: a fixed colour cube, each pixel its nearest entry. */
    private static BufferedImage indexed(BufferedImage source, int bits) {
        int size = 1 << bits;
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            r[i] = (byte) (i * 97 % 256);
            g[i] = (byte) (i * 57 % 256);
            b[i] = (byte) (255 - i * 255 / Math.max(1, size - 1));
        }
        IndexColorModel palette = new IndexColorModel(bits, size, r, g, b);
        int type = bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY;
        BufferedImage target = new BufferedImage(source.getWidth(), source.getHeight(), type, palette);
        fillNearest(source, target, palette);
        return target;
    }

    /** An 8-bit palette image whose entry 3 is transparent (and used). */
    private static BufferedImage transparentIndexed(BufferedImage source) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (i & 0xE0);
            g[i] = (byte) ((i << 3) & 0xE0);
            b[i] = (byte) ((i << 6) & 0xC0);
        }
        IndexColorModel palette = new IndexColorModel(8, 256, r, g, b, 3);
        BufferedImage target = new BufferedImage(source.getWidth(), source.getHeight(),
                BufferedImage.TYPE_BYTE_INDEXED, palette);
        fillNearest(source, target, palette);
        for (int y = 0; y < source.getHeight() / 3; y++) {
            for (int x = 0; x < source.getWidth() / 2; x++) {
                target.getRaster().setSample(x, y, 0, 3);
            }
        }
        return target;
    }

    private static BufferedImage binary(BufferedImage source) {
        BufferedImage target = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int rgb = source.getRGB(x, y);
                target.getRaster().setSample(x, y, 0, ((rgb >> 8) & 255) > 127 ? 1 : 0);
            }
        }
        return target;
    }

    private static void fillNearest(BufferedImage source, BufferedImage target, IndexColorModel palette) {
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int rgb = source.getRGB(x, y);
                int best = 0;
                long bestDistance = Long.MAX_VALUE;
                for (int i = 0; i < palette.getMapSize(); i++) {
                    long dr = ((rgb >> 16) & 255) - palette.getRed(i);
                    long dg = ((rgb >> 8) & 255) - palette.getGreen(i);
                    long db = (rgb & 255) - palette.getBlue(i);
                    long distance = dr * dr + dg * dg + db * db;
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = i;
                    }
                }
                target.getRaster().setSample(x, y, 0, best);
            }
        }
    }
}
