package org.alphaclip.core.internal.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;

/**
 * Reads PNG, JPEG, BMP and GIF files with ImageIO into the RGB bytes Pillow's
 * {@code Image.open(f).convert('RGB')} gives (see {@link DecodedPixels}); a GIF gives its first frame.
 * The size declared in the file header is checked against the pixel cap before anything is decoded.
 * Every failure is an {@link InvalidImageException} whose message starts with the file name.
 *
 * <p>Masks ({@link #readMask}) are the grey values of a grey file and the first channel (red) of a
 * colour file, like the official {@code mask[:, :, 0]}. Where the official {@code np.array(Image.open(m))}
 * gives something other than 8-bit values, this reader deliberately differs: a palette mask goes through
 * its palette (numpy gives the palette indices; they agree for a grey palette whose index equals its
 * value), a 1-bit mask gives 0/255 (numpy gives booleans, never equal to 255) and 16-bit grey keeps
 * the high byte (numpy gives the raw 16-bit values; for images Pillow clips them at 255).
 */
public final class ImageFileReader implements ImageReader {

    /** The configuration property that sets the pixel cap, named in refusals. */
    public static final String MAX_PIXELS_PROPERTY = "alphaclip.maxPixels";

    /** The largest cap this reader accepts: a decoded image (up to four samples a pixel) must fit Java arrays. */
    public static final long MAX_SUPPORTED_PIXELS = Integer.MAX_VALUE / 4;

    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    private final long maxPixels;

    /** Creates a reader refusing images of more than {@code maxPixels} decoded pixels. */
    public ImageFileReader(long maxPixels) {
        if (maxPixels < 1 || maxPixels > MAX_SUPPORTED_PIXELS) {
            throw new IllegalArgumentException(MAX_PIXELS_PROPERTY + " must be 1.." + MAX_SUPPORTED_PIXELS + ", got "
                    + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    @Override
    public RgbImage readImage(Path file) throws InvalidImageException {
        return pixels(file).toRgb();
    }

    @Override
    public GrayImage readMask(Path file) throws InvalidImageException {
        return pixels(file).firstChannel();
    }

    @Override
    public long maxPixels() {
        return maxPixels;
    }

    private DecodedPixels pixels(Path file) throws InvalidImageException {
        BufferedImage image = decode(file);
        try {
            return new DecodedPixels(image);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage(), null);
        }
    }

    private BufferedImage decode(Path file) throws InvalidImageException {
        requireNonEmptyFile(file);
        try (InputStream in = Files.newInputStream(file);
                ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            return decode(file, stream);
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + describe(e), e);
        }
    }

    private BufferedImage decode(Path file, ImageInputStream stream) throws InvalidImageException {
        Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(stream);
        if (!readers.hasNext()) {
            throw invalid(file, "is not an image in a supported format (PNG, JPEG, BMP or GIF)", null);
        }
        javax.imageio.ImageReader reader = readers.next();
        String format = "image";
        try {
            format = reader.getFormatName().toUpperCase(Locale.ROOT);
            if (!FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
                throw invalid(file, "is a " + format + " image; supported formats are PNG, JPEG, BMP and GIF", null);
            }
            reader.setInput(stream, true, true);
            requireWithinCap(file, reader.getWidth(0), reader.getHeight(0));
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
        } catch (IOException | RuntimeException e) {
            throw invalid(file, "cannot decode the " + format + " data: the file is truncated, damaged or of an"
                    + " unsupported kind (" + describe(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    private static void requireNonEmptyFile(Path file) throws InvalidImageException {
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
