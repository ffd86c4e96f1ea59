package org.alphaclip.core.internal.image;

import java.nio.charset.StandardCharsets;

/** The file formats the reader knows, recognised by their first bytes as Pillow recognises them. */
enum ImageFormat {
    JPEG, PNG, GIF, BMP, TIFF, WEBP;

    /** The names users know the readable formats by, for messages. */
    static final String SUPPORTED = "PNG, JPEG, GIF, BMP, TIFF or lossless WebP";

    /** The format these first bytes announce, or null. */
    static ImageFormat of(byte[] data) {
        if (startsWith(data, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return JPEG;
        }
        if (startsWith(data, 0, (byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G', (byte) '\r', (byte) '\n',
                (byte) 0x1A, (byte) '\n')) {
            return PNG;
        }
        if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(data, 0, ascii("BM"))) {
            return BMP;
        }
        if (startsWith(data, 0, ascii("II*\0")) || startsWith(data, 0, ascii("MM\0*"))) {
            return TIFF;
        }
        if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
            return WEBP;
        }
        return null;
    }

    static boolean startsWith(byte[] data, int offset, byte... prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
