package org.alphaclip.core.internal.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;

/**
 * Reads the samples of an image ImageIO decoded, as Pillow would see them, without any colour
 * management: grey and RGB samples are taken as stored (an embedded ICC profile is ignored, as Pillow
 * ignores it), palette indices go through the palette, 16-bit samples keep their high byte and
 * samples of fewer bits are scaled to 0..255.
 */
final class DecodedPixels {

    private final ColorModel model;
    private final Raster raster;
    private final int width;
    private final int height;
    private final boolean gray;
    private final boolean alpha;

    /**
     * Wraps a decoded image.
     *
     * @throws IllegalArgumentException when its colour space or sample type cannot be read this way
     */
    DecodedPixels(BufferedImage image) {
        this.model = image.getColorModel();
        this.raster = image.getRaster();
        this.width = image.getWidth();
        this.height = image.getHeight();
        this.alpha = model.hasAlpha();
        int transferType = raster.getTransferType();
        if (transferType != DataBuffer.TYPE_BYTE && transferType != DataBuffer.TYPE_USHORT
                && transferType != DataBuffer.TYPE_INT) {
            throw new IllegalArgumentException("floating-point samples are not supported");
        }
        if (model instanceof IndexColorModel) {
            this.gray = false;
        } else {
            ColorSpace space = model.getColorSpace();
            this.gray = space.getType() == ColorSpace.TYPE_GRAY;
            if (!gray && space.getType() != ColorSpace.TYPE_RGB) {
                throw new IllegalArgumentException("the colour space (" + spaceName(space.getType())
                        + ") is not supported; convert the image to RGB or greyscale");
            }
        }
    }

    /** The image as 8-bit RGB, grey replicated, with its alpha channel if it has one. */
    RgbImage toRgb() {
        byte[] rgb = new byte[width * height * 3];
        byte[] alphaValues = alpha ? new byte[width * height] : null;
        int[] row = new int[width * 4];
        for (int y = 0; y < height; y++) {
            readRow(y, row);
            for (int x = 0, i = y * width; x < width; x++, i++) {
                rgb[i * 3] = (byte) row[x * 4];
                rgb[i * 3 + 1] = (byte) row[x * 4 + 1];
                rgb[i * 3 + 2] = (byte) row[x * 4 + 2];
                if (alphaValues != null) {
                    alphaValues[i] = (byte) row[x * 4 + 3];
                }
            }
        }
        return new RgbImage(width, height, rgb, alphaValues);
    }

    /** The first channel: the grey value, or red for colour and palette images. */
    GrayImage firstChannel() {
        byte[] values = new byte[width * height];
        int[] row = new int[width * 4];
        for (int y = 0; y < height; y++) {
            readRow(y, row);
            for (int x = 0; x < width; x++) {
                values[y * width + x] = (byte) row[x * 4];
            }
        }
        return new GrayImage(width, height, values);
    }

    /** Fills {@code out} with R, G, B, A (0..255) for every pixel of row y; A is 255 without alpha. */
    private void readRow(int y, int[] out) {
        int bands = raster.getNumBands();
        int[] samples = raster.getPixels(0, y, width, 1, new int[width * bands]);
        if (model instanceof IndexColorModel palette) {
            for (int x = 0; x < width; x++) {
                int index = samples[x];
                setPixel(out, x, palette.getRed(index), palette.getGreen(index), palette.getBlue(index),
                        palette.getAlpha(index));
            }
            return;
        }
        int colours = gray ? 1 : 3;
        for (int x = 0; x < width; x++) {
            int base = x * bands;
            int r = eightBit(samples[base], 0);
            int g = gray ? r : eightBit(samples[base + 1], 1);
            int b = gray ? r : eightBit(samples[base + 2], 2);
            int a = alpha ? eightBit(samples[base + colours], colours) : 255;
            setPixel(out, x, r, g, b, a);
        }
    }

    private int eightBit(int sample, int component) {
        int bits = model.getComponentSize(component);
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return sample >>> (bits - 8);
        }
        return sample * 255 / ((1 << bits) - 1);
    }

    private static void setPixel(int[] out, int x, int r, int g, int b, int a) {
        out[x * 4] = r;
        out[x * 4 + 1] = g;
        out[x * 4 + 2] = b;
        out[x * 4 + 3] = a;
    }

    private static String spaceName(int type) {
        return switch (type) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            default -> "type " + type;
        };
    }
}
