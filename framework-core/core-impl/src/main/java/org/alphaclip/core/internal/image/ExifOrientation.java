package org.alphaclip.core.internal.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The EXIF orientation (tag 274 of the first IFD) of a file, where Pillow's {@code getexif()} finds it: a JPEG's
 * APP1 "Exif" segment, a PNG's eXIf chunk, a WebP's EXIF chunk, a TIFF's own first IFD. 1 (as stored) when there
 * is none or it cannot be read.
 */
final class ExifOrientation {

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    static int of(ImageFormat format, byte[] data) {
        try {
            return switch (format) {
                case JPEG -> fromTiff(jpegExif(data));
                case PNG -> fromTiff(pngExif(data));
                case WEBP -> fromTiff(webpExif(data));
                case TIFF -> fromTiff(data);
                case GIF, BMP -> 1;
            };
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
    }

    private static byte[] jpegExif(byte[] data) {
        int at = 2;
        while (at + 4 <= data.length && (data[at] & 0xFF) == 0xFF) {
            int marker = data[at + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                return null;
            }
            int length = (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
            if (marker == 0xE1 && length >= 8 && startsWith(data, at + 4, "Exif\0")) {
                return Arrays.copyOfRange(data, at + 10, Math.min(data.length, at + 2 + length));
            }
            at += 2 + length;
        }
        return null;
    }

    private static byte[] pngExif(byte[] data) {
        int at = 8;
        while (at + 8 <= data.length) {
            long length = ByteBuffer.wrap(data, at, 4).getInt() & 0xFFFFFFFFL;
            if (startsWith(data, at + 4, "eXIf")) {
                return withoutExifPrefix(Arrays.copyOfRange(data, at + 8,
                        (int) Math.min(data.length, at + 8 + length)));
            }
            if (startsWith(data, at + 4, "IEND") || at + 12 + length > data.length) {
                return null;
            }
            at += (int) (12 + length);
        }
        return null;
    }

    private static byte[] webpExif(byte[] data) {
        int at = 12;
        while (at + 8 <= data.length) {
            long size = ByteBuffer.wrap(data, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            if (startsWith(data, at, "EXIF")) {
                return withoutExifPrefix(Arrays.copyOfRange(data, at + 8,
                        (int) Math.min(data.length, at + 8 + size)));
            }
            if (at + 8 + size + (size & 1) > data.length) {
                return null;
            }
            at += (int) (8 + size + (size & 1));
        }
        return null;
    }

    private static byte[] withoutExifPrefix(byte[] exif) {
        return startsWith(exif, 0, "Exif\0\0") ? Arrays.copyOfRange(exif, 6, exif.length) : exif;
    }

    /** The orientation in a TIFF structure's first IFD, 1 when absent or not 1..8. */
    private static int fromTiff(byte[] tiff) {
        if (tiff == null || tiff.length < 8) {
            return 1;
        }
        ByteOrder order;
        if (tiff[0] == 'I' && tiff[1] == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (tiff[0] == 'M' && tiff[1] == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            return 1;
        }
        ByteBuffer bytes = ByteBuffer.wrap(tiff).order(order);
        long ifd = bytes.getInt(4) & 0xFFFFFFFFL;
        if (ifd + 2 > tiff.length) {
            return 1;
        }
        int entries = bytes.getShort((int) ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + i * 12;
            if (entry + 12 > tiff.length) {
                return 1;
            }
            if ((bytes.getShort(entry) & 0xFFFF) == ORIENTATION_TAG) {
                int type = bytes.getShort(entry + 2) & 0xFFFF;
                int value = type == 4 ? bytes.getInt(entry + 8) : bytes.getShort(entry + 8) & 0xFFFF;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static boolean startsWith(byte[] data, int offset, String prefix) {
        return ImageFormat.startsWith(data, offset, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }
}
