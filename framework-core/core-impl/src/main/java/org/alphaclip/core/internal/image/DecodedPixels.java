package org.alphaclip.core.internal.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns an image an ImageIO reader decoded into the bytes Pillow's {@code convert("RGB")} gives, without any
 * colour management (an embedded ICC profile or gamma is ignored, as Pillow ignores it): grey and RGB samples are
 * taken as stored, palette indices go through the palette, 16-bit samples keep their high byte, samples of fewer
 * bits are scaled to 0..255, and CMYK becomes RGB as Pillow converts it. A single 16-bit grey channel is the
 * exception, as in Pillow, whose mode I it is: its RGB is the value clipped at 255 (its mask keeps the high byte).
 */
final class DecodedPixels {

    private final ColorModel model;
    private final Raster raster;
    private final int width;
    private final int height;
    private final int type;
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
            throw new IllegalArgumentException("has floating-point samples, which this reader does not support");
        }
        if (model instanceof IndexColorModel) {
            this.type = ColorSpace.TYPE_RGB;
        } else {
            this.type = model.getColorSpace().getType();
            if (type != ColorSpace.TYPE_GRAY && type != ColorSpace.TYPE_RGB && type != ColorSpace.TYPE_CMYK) {
                throw new IllegalArgumentException("is in the " + spaceName(type) + " colour space, which this"
                        + " reader does not support; convert the image to RGB or greyscale");
            }
        }
    }

    /** The image as Pillow decodes it. */
    DecodedImage decode() {
        byte[] rgb = new byte[width * height * 3];
        byte[] alphaValues = alpha ? new byte[width * height] : null;
        boolean wideGray = type == ColorSpace.TYPE_GRAY && !alpha && model.getComponentSize(0) > 8;
        byte[] mask = wideGray ? new byte[width * height] : null;
        int[] row = new int[width * 4];
        int bands = raster.getNumBands();
        int[] samples = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, samples);
            readRow(samples, bands, row);
            for (int x = 0, i = y * width; x < width; x++, i++) {
                rgb[i * 3] = (byte) row[x * 4];
                rgb[i * 3 + 1] = (byte) row[x * 4 + 1];
                rgb[i * 3 + 2] = (byte) row[x * 4 + 2];
                if (alphaValues != null) {
                    alphaValues[i] = (byte) row[x * 4 + 3];
                }
                if (mask != null) {
                    int value = samples[x];
                    mask[i] = (byte) eightBit(value, 0);
                    byte clipped = (byte) Math.min(255, value);
                    rgb[i * 3] = clipped;
                    rgb[i * 3 + 1] = clipped;
                    rgb[i * 3 + 2] = clipped;
                }
            }
        }
        return new DecodedImage(width, height, rgb, alphaValues, mask);
    }

    /** Fills {@code out} with R, G, B, A (0..255) for every pixel of a row; A is 255 without alpha. */
    private void readRow(int[] samples, int bands, int[] out) {
        if (model instanceof IndexColorModel palette) {
            for (int x = 0; x < width; x++) {
                int index = samples[x];
                setPixel(out, x, palette.getRed(index), palette.getGreen(index), palette.getBlue(index),
                        palette.getAlpha(index));
            }
            return;
        }
        int colours = type == ColorSpace.TYPE_GRAY ? 1 : type == ColorSpace.TYPE_RGB ? 3 : 4;
        for (int x = 0; x < width; x++) {
            int base = x * bands;
            int a = alpha ? eightBit(samples[base + colours], colours) : 255;
            if (type == ColorSpace.TYPE_GRAY) {
                int v = eightBit(samples[base], 0);
                setPixel(out, x, v, v, v, a);
            } else if (type == ColorSpace.TYPE_RGB) {
                setPixel(out, x, eightBit(samples[base], 0), eightBit(samples[base + 1], 1),
                        eightBit(samples[base + 2], 2), a);
            } else {
                int notK = 255 - eightBit(samples[base + 3], 3);
                setPixel(out, x, cmykChannel(eightBit(samples[base], 0), notK),
                        cmykChannel(eightBit(samples[base + 1], 1), notK),
                        cmykChannel(eightBit(samples[base + 2], 2), notK), a);
            }
        }
    }

    /** Pillow's cmyk2rgb for one channel: {@code (255 - K) - C (255 - K) / 255}, rounded as its MULDIV255. */
    private static int cmykChannel(int channel, int notK) {
        int product = channel * notK + 128;
        return Math.max(0, notK - (((product >> 8) + product) >> 8));
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
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            default -> "type " + type;
        };
    }
}
