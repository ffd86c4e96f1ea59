package org.alphaclip.core.internal.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A BMP file's header read as Pillow 9.4 reads it: what Pillow refuses (other header sizes, bit depths, bitfield
 * layouts and compressions) is refused with its reason, and run-length compressed files (RLE8, RLE4) are decoded
 * the way Pillow's own decoder does it, including its handling of odd absolute runs in RLE4 and of delta escapes,
 * so that they give Pillow's pixels. Other BMPs are left to the JDK's reader, which gives Pillow's pixels.
 */
final class BmpFile {

    private static final int RAW = 0;
    private static final int RLE8 = 1;
    private static final int RLE4 = 2;
    private static final int BITFIELDS = 3;
    private static final List<Integer> HEADER_SIZES = List.of(12, 40, 64, 108, 124);
    private static final List<Integer> BIT_DEPTHS = List.of(1, 2, 4, 8, 16, 24, 32);
    private static final List<List<Long>> BITFIELDS_32 = List.of(
            List.of(0xFF0000L, 0xFF00L, 0xFFL, 0L), List.of(0xFF000000L, 0xFF0000L, 0xFF00L, 0L),
            List.of(0xFF000000L, 0xFF0000L, 0xFF00L, 0xFFL), List.of(0xFFL, 0xFF00L, 0xFF0000L, 0xFF000000L),
            List.of(0xFF0000L, 0xFF00L, 0xFFL, 0xFF000000L), List.of(0L, 0L, 0L, 0L));
    private static final List<List<Long>> BITFIELDS_16 = List.of(List.of(0xF800L, 0x7E0L, 0x1FL),
            List.of(0x7C00L, 0x3E0L, 0x1FL));

    private final byte[] data;
    private final int width;
    private final int height;
    private final boolean topDown;
    private final int bits;
    private final int compression;
    private final int colors;
    private final int paletteOffset;
    private final int paletteEntrySize;
    private final long pixelOffset;

    /**
     * Reads the headers.
     *
     * @throws IllegalArgumentException naming what Pillow refuses
     */
    BmpFile(byte[] data) {
        this.data = data;
        ByteBuffer bytes = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        requireLength(18);
        long declaredOffset = bytes.getInt(10) & 0xFFFFFFFFL;
        int headerSize = bytes.getInt(14);
        if (!HEADER_SIZES.contains(headerSize)) {
            throw new IllegalArgumentException("has a BMP header of " + headerSize + " bytes, which Pillow does not"
                    + " read (it reads 12, 40, 64, 108 and 124)");
        }
        requireLength(14 + headerSize);
        if (headerSize == 12) {
            width = bytes.getShort(18) & 0xFFFF;
            height = bytes.getShort(20) & 0xFFFF;
            topDown = false;
            bits = bytes.getShort(24) & 0xFFFF;
            compression = RAW;
            paletteEntrySize = 3;
            colors = 1 << Math.min(bits, 30);
        } else {
            width = bytes.getInt(18);
            topDown = (data[25] & 0xFF) == 0xFF;
            height = topDown ? -bytes.getInt(22) : bytes.getInt(22);
            bits = bytes.getShort(28) & 0xFFFF;
            compression = bytes.getInt(30);
            paletteEntrySize = 4;
            int used = bytes.getInt(46);
            colors = used != 0 ? used : 1 << Math.min(bits, 30);
            if (compression == BITFIELDS) {
                checkBitfields(bytes, headerSize);
            }
        }
        if (!BIT_DEPTHS.contains(bits)) {
            throw new IllegalArgumentException("has " + bits + " bits per pixel, which Pillow does not read");
        }
        if (compression != RAW && compression != RLE8 && compression != RLE4 && compression != BITFIELDS) {
            throw new IllegalArgumentException("uses BMP compression " + compression + ", which Pillow does not"
                    + " read");
        }
        if (bits <= 8 && (colors <= 0 || colors > 65536)) {
            throw new IllegalArgumentException("declares a palette of " + colors + " colours");
        }
        paletteOffset = 14 + headerSize + (compression == BITFIELDS && headerSize == 40 ? 12 : 0);
        long offset = declaredOffset;
        if (offset == 14 + headerSize && bits <= 8) {
            offset += 4L * colors;
        }
        pixelOffset = offset != 0 ? offset : paletteOffset + (bits <= 8 ? (long) paletteEntrySize * colors : 0);
    }

    private void checkBitfields(ByteBuffer bytes, int headerSize) {
        long red;
        long green;
        long blue;
        long alpha = 0;
        if (headerSize >= 56) {
            red = bytes.getInt(54) & 0xFFFFFFFFL;
            green = bytes.getInt(58) & 0xFFFFFFFFL;
            blue = bytes.getInt(62) & 0xFFFFFFFFL;
            alpha = bytes.getInt(66) & 0xFFFFFFFFL;
        } else {
            requireLength(66);
            red = bytes.getInt(54) & 0xFFFFFFFFL;
            green = bytes.getInt(58) & 0xFFFFFFFFL;
            blue = bytes.getInt(62) & 0xFFFFFFFFL;
        }
        int depth = bytes.getShort(28) & 0xFFFF;
        boolean supported = depth == 32 && BITFIELDS_32.contains(List.of(red, green, blue, alpha))
                || depth == 24 && List.of(red, green, blue).equals(List.of(0xFF0000L, 0xFF00L, 0xFFL))
                || depth == 16 && BITFIELDS_16.contains(List.of(red, green, blue));
        if (!supported) {
            throw new IllegalArgumentException(String.format("has a BMP bitfields layout (%d bits, masks %X %X %X %X)"
                    + " that Pillow does not read", depth, red, green, blue, alpha));
        }
    }

    private void requireLength(int length) {
        if (data.length < length) {
            throw new IllegalArgumentException("is truncated: the BMP header ends early");
        }
    }

    boolean runLengthEncoded() {
        return compression == RLE8 || compression == RLE4;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * Decodes a run-length encoded file as Pillow's BmpRleDecoder does.
     *
     * @throws IllegalArgumentException when the data runs out before the image is filled (Pillow: "not enough
     *         image data")
     */
    DecodedImage decodeRunLength() {
        boolean rle4 = compression == RLE4;
        int pixels = width * height;
        byte[] indices = new byte[pixels];
        int filled = 0;
        int x = 0;
        if (pixelOffset > data.length) {
            throw new IllegalArgumentException("is truncated or damaged: its pixel data would start at byte "
                    + pixelOffset + " of " + data.length);
        }
        int at = (int) pixelOffset;
        while (filled < pixels) {
            if (at + 2 > data.length) {
                break;
            }
            int count = data[at] & 0xFF;
            int value = data[at + 1] & 0xFF;
            at += 2;
            if (count != 0) {
                if (x + count > width) {
                    count = Math.max(0, width - x);
                }
                for (int i = 0; i < count; i++) {
                    int index = rle4 ? (i % 2 == 0 ? value >> 4 : value & 15) : value;
                    filled = put(indices, filled, index);
                }
                x += count;
            } else if (value == 0) {
                filled = Math.min(pixels, (filled + width - 1) / width * width);
                x = 0;
            } else if (value == 1) {
                break;
            } else if (value == 2) {
                // Pillow reads the two delta bytes and then two more, which it uses as the delta
                if (at + 2 > data.length) {
                    break;
                }
                at += 2;
                if (at + 2 > data.length) {
                    at = data.length;
                    break;
                }
                int right = data[at] & 0xFF;
                int up = data[at + 1] & 0xFF;
                at += 2;
                long moved = filled + right + (long) up * width;
                filled = (int) Math.min(moved, pixels);
                x = (int) (moved % width);
            } else {
                int byteCount = rle4 ? value / 2 : value;
                int available = Math.min(byteCount, data.length - at);
                for (int i = 0; i < available; i++) {
                    int b = data[at + i] & 0xFF;
                    if (rle4) {
                        filled = put(indices, filled, b >> 4);
                        filled = put(indices, filled, b & 15);
                    } else {
                        filled = put(indices, filled, b);
                    }
                }
                at += available;
                if (available < byteCount) {
                    break;
                }
                x += value;
                if (at % 2 != 0) {
                    at++;
                }
            }
        }
        if (filled < pixels) {
            throw new IllegalArgumentException("is truncated or damaged: the BMP run-length data ends early");
        }
        return toImage(indices);
    }

    /** Appends an index; past the image it only counts (Pillow's buffer grows, only width*height are used). */
    private static int put(byte[] indices, int filled, int index) {
        if (filled < indices.length) {
            indices[filled] = (byte) index;
        }
        return filled + 1;
    }

    private DecodedImage toImage(byte[] indices) {
        int entries = Math.min(colors, Math.max(0, (data.length - paletteOffset) / paletteEntrySize));
        byte[] rgb = new byte[indices.length * 3];
        for (int row = 0; row < height; row++) {
            int sourceRow = topDown ? row : height - 1 - row;
            for (int column = 0; column < width; column++) {
                int index = indices[sourceRow * width + column] & 0xFF;
                int target = (row * width + column) * 3;
                if (index < entries) {
                    int entry = paletteOffset + index * paletteEntrySize;
                    rgb[target] = data[entry + 2];
                    rgb[target + 1] = data[entry + 1];
                    rgb[target + 2] = data[entry];
                } else {
                    rgb[target] = (byte) index;
                    rgb[target + 1] = (byte) index;
                    rgb[target + 2] = (byte) index;
                }
            }
        }
        return new DecodedImage(width, height, rgb, null, null);
    }
}
