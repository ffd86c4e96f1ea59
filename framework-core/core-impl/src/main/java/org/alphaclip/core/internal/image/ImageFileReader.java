package org.alphaclip.core.internal.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.core.internal.image.jpeg.JpegDecoder;
import org.alphaclip.core.internal.image.jpeg.JpegFormatException;

import org.alphaclip.core.internal.image.webp.WebPFile;
import org.alphaclip.core.internal.image.webp.WebPFormatException;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;

/**
 * Reads image files into the RGB bytes Pillow 9.4's {@code Image.open(f).convert("RGB")} gives, which is what the
 * official preprocessing sees. JPEG is decoded by this project's {@link JpegDecoder}, bit for bit as Pillow's
 * libjpeg-turbo does it (on any JVM); PNG and BMP by the JDK's readers, GIF by the JDK's reader placed on its
 * canvas as Pillow does ({@link GifFirstFrame}), run-length BMP as Pillow decodes it ({@link BmpFile}), lossless
 * WebP by this project's {@link WebPFile}, TIFF by the TwelveMonkeys reader. Lossy and animated WebP are refused:
 * no Java decoder gives libwebp's lossy pixels.
 * Embedded colour profiles and gamma are ignored, as Pillow ignores them; EXIF orientation is not applied unless
 * the reader is made to (the official pipeline does not apply it). The size a file declares is checked against the
 * pixel cap before anything is decoded. Every failure is an {@link InvalidImageException} whose message starts
 * with the file name.
 *
 * <p>Masks ({@link #readMask}) are the grey values of a grey file and the first channel (red) of a colour file,
 * like the official {@code mask[:, :, 0]}. Where the official {@code np.array(Image.open(m))} gives something
 * other than 8-bit values, this reader deliberately differs: a palette mask goes through its palette (numpy gives
 * the palette indices; they agree for a grey palette whose index equals its value), a 1-bit mask gives 0/255
 * (numpy gives booleans, never equal to 255) and 16-bit grey keeps the high byte (numpy gives the raw 16-bit
 * values; as an image, Pillow clips them at 255, and so does {@link #readImage}).
 */
public final class ImageFileReader implements ImageReader {

    /** The configuration property that sets the pixel cap, named in refusals. */
    public static final String MAX_PIXELS_PROPERTY = "alphaclip.maxPixels";

    /** The largest cap this reader accepts: a decoded image (up to four samples a pixel) must fit Java arrays. */
    public static final long MAX_SUPPORTED_PIXELS = Integer.MAX_VALUE / 4;

    private final long maxPixels;
    private final boolean applyExifOrientation;

    /** Creates a reader refusing images of more than {@code maxPixels} decoded pixels, ignoring EXIF orientation. */
    public ImageFileReader(long maxPixels) {
        this(maxPixels, false);
    }

    /**
     * Creates a reader refusing images of more than {@code maxPixels} decoded pixels.
     *
     * @param applyExifOrientation whether to turn images as their EXIF orientation says (Pillow's
     *        {@code ImageOps.exif_transpose}); the official preprocessing does not
     */
    public ImageFileReader(long maxPixels, boolean applyExifOrientation) {
        if (maxPixels < 1 || maxPixels > MAX_SUPPORTED_PIXELS) {
            throw new IllegalArgumentException(MAX_PIXELS_PROPERTY + " must be 1.." + MAX_SUPPORTED_PIXELS + ", got "
                    + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.applyExifOrientation = applyExifOrientation;
    }

    @Override
    public RgbImage readImage(Path file) throws InvalidImageException {
        return decode(file).toRgb();
    }

    @Override
    public GrayImage readMask(Path file) throws InvalidImageException {
        return decode(file).toMask();
    }

    @Override
    public long maxPixels() {
        return maxPixels;
    }

    private DecodedImage decode(Path file) throws InvalidImageException {
        byte[] data = readFile(file);
        ImageFormat format = ImageFormat.of(data);
        if (format == null) {
            throw invalid(file, "is not an image in a supported format (" + ImageFormat.SUPPORTED + ")", null);
        }
        DecodedImage image = switch (format) {
            case JPEG -> decodeJpeg(file, data);
            case GIF -> decodeGif(file, data);
            case BMP -> decodeBmp(file, data);
            case WEBP -> decodeWebP(file, data);
            case TIFF -> decodeWithImageIo(file, data, "TIFF", new TIFFImageReaderSpi());
            case PNG -> decodeWithImageIo(file, data, "PNG", null);
        };
        if (applyExifOrientation) {
            image = image.oriented(ExifOrientation.of(format, data));
        }
        return image;
    }

    private DecodedImage decodeJpeg(Path file, byte[] data) throws InvalidImageException {
        try {
            JpegDecoder decoder = new JpegDecoder(data);
            requireWithinCap(file, decoder.width(), decoder.height());
            byte[] rgb = decoder.decodeRgb();
            return new DecodedImage(decoder.width(), decoder.height(), rgb, null, null);
        } catch (JpegFormatException e) {
            throw invalid(file, e.getMessage(), null);
        } catch (RuntimeException e) {
            throw cannotDecode(file, "JPEG", e);
        }
    }

    private DecodedImage decodeWebP(Path file, byte[] data) throws InvalidImageException {
        try {
            WebPFile webp = new WebPFile(data);
            requireWithinCap(file, webp.width(), webp.height());
            int[] argb = webp.decodeArgb();
            byte[] rgb = new byte[argb.length * 3];
            byte[] alpha = webp.hasAlpha() ? new byte[argb.length] : null;
            for (int i = 0; i < argb.length; i++) {
                rgb[i * 3] = (byte) (argb[i] >> 16);
                rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
                rgb[i * 3 + 2] = (byte) argb[i];
                if (alpha != null) {
                    alpha[i] = (byte) (argb[i] >>> 24);
                }
            }
            return new DecodedImage(webp.width(), webp.height(), rgb, alpha, null);
        } catch (WebPFormatException e) {
            throw invalid(file, e.getMessage(), null);
        } catch (RuntimeException e) {
            throw cannotDecode(file, "WebP", e);
        }
    }

    private DecodedImage decodeBmp(Path file, byte[] data) throws InvalidImageException {
        BmpFile bmp;
        try {
            bmp = new BmpFile(data);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage(), null);
        }
        if (!bmp.runLengthEncoded()) {
            return decodeWithImageIo(file, data, "BMP", null);
        }
        requireWithinCap(file, bmp.width(), bmp.height());
        try {
            return bmp.decodeRunLength();
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage(), null);
        } catch (RuntimeException e) {
            throw cannotDecode(file, "BMP", e);
        }
    }

    private DecodedImage decodeGif(Path file, byte[] data) throws InvalidImageException {
        javax.imageio.ImageReader reader = jdkReader("gif");
        try (ImageInputStream stream = stream(data)) {
            reader.setInput(stream, true, false);
            GifFirstFrame layout = new GifFirstFrame(reader);
            requireWithinCap(file, layout.canvasWidth(), layout.canvasHeight());
            BufferedImage frame = readChecked(file, reader, "GIF");
            return layout.compose(frame);
        } catch (IOException | RuntimeException e) {
            throw cannotDecode(file, "GIF", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Decodes with an ImageIO reader: the given provider's, or the JDK's own for the format (never another
     * plugin's, whatever the ImageIO registry holds).
     */
    private DecodedImage decodeWithImageIo(Path file, byte[] data, String format, ImageReaderSpi provider)
            throws InvalidImageException {
        javax.imageio.ImageReader reader;
        try {
            reader = provider != null ? provider.createReaderInstance() : jdkReader(format);
        } catch (IOException e) {
            throw invalid(file, "cannot be read: no " + format + " reader (" + describe(e) + ")", e);
        }
        try (ImageInputStream stream = stream(data)) {
            reader.setInput(stream, true, true);
            requireWithinCap(file, reader.getWidth(0), reader.getHeight(0));
            BufferedImage image = readChecked(file, reader, format);
            try {
                return new DecodedPixels(image).decode();
            } catch (IllegalArgumentException e) {
                throw invalid(file, e.getMessage(), null);
            }
        } catch (IOException | RuntimeException e) {
            throw cannotDecode(file, format, e);
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage readChecked(Path file, javax.imageio.ImageReader reader, String format)
            throws IOException, InvalidImageException {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        for (String warning : warnings) {
            if (isTruncation(warning)) {
                throw invalid(file, "is truncated or damaged: the " + format + " data ends early (" + warning + ")",
                        null);
            }
        }
        return image;
    }

    private static javax.imageio.ImageReader jdkReader(String format) {
        Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        javax.imageio.ImageReader fallback = null;
        while (readers.hasNext()) {
            javax.imageio.ImageReader reader = readers.next();
            if (reader.getClass().getModule() == ImageIO.class.getModule()) {
                return reader;
            }
            fallback = fallback == null ? reader : fallback;
        }
        if (fallback == null) {
            throw new IllegalStateException("this JVM has no " + format + " reader");
        }
        return fallback;
    }

    private static ImageInputStream stream(byte[] data) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(data));
    }

    private static byte[] readFile(Path file) throws InvalidImageException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw invalid(file, "does not exist", e);
        } catch (AccessDeniedException e) {
            throw invalid(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + describe(e), e);
        }
        if (!attributes.isRegularFile()) {
            throw invalid(file, "is not a regular file", null);
        }
        if (attributes.size() == 0) {
            throw invalid(file, "is empty (0 bytes)", null);
        }
        if (attributes.size() > Integer.MAX_VALUE - 8) {
            throw invalid(file, "is " + attributes.size() + " bytes long, more than an image file this reader takes"
                    + " (2 GB)", null);
        }
        try {
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw invalid(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + describe(e), e);
        }
    }

    private void requireWithinCap(Path file, int width, int height) throws InvalidImageException {
        if (width < 1 || height < 1) {
            throw invalid(file, "declares an empty image (" + width + "x" + height + ")", null);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw invalid(file, width + "x" + height + " = " + pixels + " pixels exceeds the limit of " + maxPixels
                    + " decoded pixels (" + MAX_PIXELS_PROPERTY + ")", null);
        }
    }

    private static InvalidImageException cannotDecode(Path file, String format, Exception e) {
        if (e instanceof InvalidImageException invalid) {
            return invalid;
        }
        return invalid(file, "cannot decode the " + format + " data: the file is truncated, damaged or of an"
                + " unsupported kind (" + describe(e) + ")", e);
    }

    private static boolean isTruncation(String warning) {
        String text = warning.toLowerCase(Locale.ROOT);
        return text.contains("premature end") || text.contains("truncated") || text.contains("missing eoi");
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return text.toString();
    }

    private static InvalidImageException invalid(Path file, String problem, Throwable cause) {
        String message = file + ": " + problem;
        return cause == null ? new InvalidImageException(message) : new InvalidImageException(message, cause);
    }
}
