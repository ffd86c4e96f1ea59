package org.alphaclip.core.internal.image.webp;

import java.nio.charset.StandardCharsets;

/**
 * A WebP file's container (RIFF chunks, simple or extended with VP8X) and, for a lossless still image, its pixels.
 * Lossy (VP8) and animated files are refused with the way to Pillow's pixels: no Java decoder gives libwebp's
 * lossy pixels. Whether the image has alpha follows libwebp's demuxer, as Pillow does: the VP8X alpha flag, or
 * for a simple file the lossless header's alpha bit.
 */
public final class WebPFile {

    private static final int ALPHA_FLAG = 0x10;
    private static final int ANIMATION_FLAG = 0x02;

    private final byte[] data;
    private final int width;
    private final int height;
    private final boolean alpha;
    private final int bitstreamStart;
    private final int bitstreamEnd;

    /**
     * Reads the container and the lossless header.
     *
     * @throws WebPFormatException for lossy, animated or damaged files
     */
    public WebPFile(byte[] data) throws WebPFormatException {
        this.data = data;
        if (data.length < 20 || !fourCc(0).equals("RIFF") || !fourCc(8).equals("WEBP")) {
            throw WebPFormatException.damaged("it is not a RIFF WEBP file");
        }
        String first = fourCc(12);
        boolean extended = first.equals("VP8X");
        int flags = 0;
        int canvasWidth = 0;
        int canvasHeight = 0;
        if (extended) {
            if (data.length < 30) {
                throw WebPFormatException.truncated();
            }
            flags = data[20] & 0xFF;
            canvasWidth = 1 + unsigned24(24);
            canvasHeight = 1 + unsigned24(27);
            if ((flags & ANIMATION_FLAG) != 0) {
                throw refusal("an animated");
            }
        }
        int at = 12;
        int start = -1;
        int end = -1;
        while (at + 8 <= data.length) {
            String id = fourCc(at);
            long size = unsigned32(at + 4);
            if (id.equals("VP8 ") || id.equals("ALPH")) {
                throw refusal("a lossy");
            }
            if (id.equals("ANIM") || id.equals("ANMF")) {
                throw refusal("an animated");
            }
            if (id.equals("VP8L")) {
                start = at + 8;
                end = (int) Math.min(data.length, start + size);
                break;
            }
            long next = at + 8L + size + (size & 1);
            if (next > data.length) {
                break;
            }
            at = (int) next;
        }
        if (start < 0) {
            throw WebPFormatException.damaged("it has no image data (no VP8L chunk)");
        }
        int[] header = LosslessDecoder.header(data, start, end);
        if (extended && (canvasWidth != header[0] || canvasHeight != header[1])) {
            throw WebPFormatException.damaged("its canvas (" + canvasWidth + "x" + canvasHeight + ") and image ("
                    + header[0] + "x" + header[1] + ") differ");
        }
        this.width = header[0];
        this.height = header[1];
        this.alpha = extended ? (flags & ALPHA_FLAG) != 0 : header[2] != 0;
        this.bitstreamStart = start;
        this.bitstreamEnd = end;
    }

    private static WebPFormatException refusal(String kind) {
        return new WebPFormatException("is " + kind + " WebP image; this reader decodes lossless still WebP only,"
                + " because no Java decoder gives the pixels libwebp gives Pillow; convert it to PNG first"
                + " (dwebp FILE -o FILE.png gives exactly Pillow's pixels)");
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Whether Pillow opens the file as RGBA (else as RGB). */
    public boolean hasAlpha() {
        return alpha;
    }

    /** Decodes the pixels as ARGB, row by row. */
    public int[] decodeArgb() throws WebPFormatException {
        return LosslessDecoder.decode(data, bitstreamStart, bitstreamEnd);
    }

    private String fourCc(int offset) {
        return data.length < offset + 4 ? "" : new String(data, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private int unsigned24(int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16;
    }

    private long unsigned32(int offset) {
        return (data[offset] & 0xFFL) | (data[offset + 1] & 0xFFL) << 8 | (data[offset + 2] & 0xFFL) << 16
                | (data[offset + 3] & 0xFFL) << 24;
    }
}
