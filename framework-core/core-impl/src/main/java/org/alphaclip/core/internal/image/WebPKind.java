package org.alphaclip.core.internal.image;

import java.nio.charset.StandardCharsets;

/** Tells lossless still WebP files, which the reader decodes, from lossy and animated ones, which it refuses. */
final class WebPKind {

    private WebPKind() {
    }

    /**
     * What makes this WebP file unreadable here, as the words before "WebP image" ("a lossy", "an animated"), or
     * null for a lossless still image (or a file too damaged to tell, which the decoder then reports).
     */
    static String refusal(byte[] data) {
        String first = fourCc(data, 12);
        if ("VP8 ".equals(first)) {
            return "a lossy";
        }
        if (!"VP8X".equals(first) || data.length < 21) {
            return null;
        }
        if ((data[20] & 0x02) != 0) {
            return "an animated";
        }
        int at = 12;
        while (at + 8 <= data.length) {
            String id = fourCc(data, at);
            long size = (data[at + 4] & 0xFFL) | (data[at + 5] & 0xFFL) << 8 | (data[at + 6] & 0xFFL) << 16
                    | (data[at + 7] & 0xFFL) << 24;
            if ("VP8 ".equals(id)) {
                return "a lossy";
            }
            if ("VP8L".equals(id)) {
                return null;
            }
            long next = at + 8L + size + (size & 1);
            if (next > data.length) {
                return null;
            }
            at = (int) next;
        }
        return null;
    }

    private static String fourCc(byte[] data, int offset) {
        return data.length < offset + 4 ? "" : new String(data, offset, 4, StandardCharsets.ISO_8859_1);
    }
}
