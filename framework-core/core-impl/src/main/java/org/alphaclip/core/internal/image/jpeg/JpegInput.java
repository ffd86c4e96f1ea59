package org.alphaclip.core.internal.image.jpeg;

/**
 * The bytes of a JPEG file: marker segments, and entropy-coded data read bit by bit (Huffman) or byte by byte
 * (arithmetic) with libjpeg's conventions: {@code FF 00} is a data byte {@code FF}, padding {@code FF}s are
 * skipped, a marker ends the data and is kept as the unread marker, and data missing before a marker reads as
 * zero bits. Running out of bytes is always an error: the file is truncated.
 */
final class JpegInput {

    private final byte[] data;
    private int position;
    /** The marker code (the byte after FF) found but not yet processed, or 0. */
    private int unreadMarker;
    private long bitBuffer;
    private int bitsLeft;
    private boolean insufficientData;

    JpegInput(byte[] data, int position) {
        this.data = data;
        this.position = position;
    }

    // ----- marker segments -----

    /** The next marker, skipping anything that is not one (libjpeg's next_marker). */
    int nextMarker() throws JpegFormatException {
        if (unreadMarker != 0) {
            int marker = unreadMarker;
            unreadMarker = 0;
            return marker;
        }
        while (true) {
            int c = readByte("looking for a marker");
            while (c != 0xFF) {
                c = readByte("looking for a marker");
            }
            do {
                c = readByte("looking for a marker");
            } while (c == 0xFF);
            if (c != 0) {
                return c;
            }
        }
    }

    /** A marker segment's length field, less its own two bytes. */
    int segmentLength(String marker) throws JpegFormatException {
        return readUnsigned16(marker) - 2;
    }

    int readByte(String where) throws JpegFormatException {
        if (position >= data.length) {
            throw JpegFormatException.truncated(where);
        }
        return data[position++] & 0xFF;
    }

    int readUnsigned16(String where) throws JpegFormatException {
        return readByte(where) << 8 | readByte(where);
    }

    byte[] readBytes(int count, String where) throws JpegFormatException {
        if (count < 0 || data.length - position < count) {
            throw JpegFormatException.truncated(where);
        }
        byte[] bytes = new byte[count];
        System.arraycopy(data, position, bytes, 0, count);
        position += count;
        return bytes;
    }

    void skip(int count, String where) throws JpegFormatException {
        if (count > 0) {
            if (data.length - position < count) {
                throw JpegFormatException.truncated(where);
            }
            position += count;
        }
    }

    // ----- entropy-coded data -----

    /** Starts a scan's entropy-coded data: empty bit buffer, data available. */
    void startEntropyData() {
        bitBuffer = 0;
        bitsLeft = 0;
        insufficientData = false;
    }

    /** Whether a marker cut the current restart interval short (its remaining MCUs are not decoded). */
    boolean insufficientData() {
        return insufficientData;
    }

    /**
     * Moves past the restart marker that must come now (RST0 + {@code number}), resynchronising as libjpeg
     * does when markers are missing or out of order; discards the bits left of the interval before.
     */
    void readRestartMarker(int number) throws JpegFormatException {
        bitBuffer = 0;
        bitsLeft = 0;
        if (unreadMarker == 0) {
            unreadMarker = nextMarker();
        }
        if (unreadMarker == 0xD0 + number) {
            unreadMarker = 0;
        } else {
            resyncToRestart(number);
        }
        if (unreadMarker == 0) {
            insufficientData = false;
        }
    }

    private void resyncToRestart(int desired) throws JpegFormatException {
        int marker = unreadMarker;
        while (true) {
            int action;
            if (marker < 0xC0) {
                action = 2;
            } else if (marker < 0xD0 || marker > 0xD7) {
                action = 3;
            } else if (marker == 0xD0 + ((desired + 1) & 7) || marker == 0xD0 + ((desired + 2) & 7)) {
                action = 3;
            } else if (marker == 0xD0 + ((desired - 1) & 7) || marker == 0xD0 + ((desired - 2) & 7)) {
                action = 2;
            } else {
                action = 1;
            }
            if (action == 1) {
                unreadMarker = 0;
                return;
            }
            if (action == 3) {
                unreadMarker = marker;
                return;
            }
            unreadMarker = 0;
            marker = nextMarker();
            unreadMarker = marker;
        }
    }

    /** The next entropy-coded data byte; 0 once a marker has been reached (arithmetic decoding). */
    int arithmeticByte() throws JpegFormatException {
        if (unreadMarker != 0) {
            return 0;
        }
        int c = entropyByte();
        return c < 0 ? 0 : c;
    }

    /** A data byte, or -1 when a marker comes instead (it becomes the unread marker). */
    private int entropyByte() throws JpegFormatException {
        int c = readByte("in the compressed image data");
        if (c != 0xFF) {
            return c;
        }
        int next;
        do {
            next = readByte("in the compressed image data");
        } while (next == 0xFF);
        if (next == 0) {
            return 0xFF;
        }
        unreadMarker = next;
        return -1;
    }

    /** Reads data bytes into the bit buffer until it holds more than 56 bits or a marker is reached. */
    private void fillAvailable() throws JpegFormatException {
        while (bitsLeft <= 56 && unreadMarker == 0) {
            int c = entropyByte();
            if (c < 0) {
                break;
            }
            bitBuffer = bitBuffer << 8 | c;
            bitsLeft += 8;
        }
    }

    /** The next {@code count} (1..16) bits without consuming them, zeros past a marker. */
    private int peek(int count) {
        long window = bitsLeft >= count ? bitBuffer >>> (bitsLeft - count) : bitBuffer << (count - bitsLeft);
        return (int) window & ((1 << count) - 1);
    }

    /** Consumes bits; consuming more than the data holds before a marker marks the data insufficient. */
    private void consume(int count) {
        if (bitsLeft < count) {
            insufficientData = true;
            bitBuffer <<= count - bitsLeft;
            bitsLeft = count;
        }
        bitsLeft -= count;
    }

    /** The next {@code count} (0..16) bits as an unsigned number. */
    int bits(int count) throws JpegFormatException {
        if (count == 0) {
            return 0;
        }
        if (bitsLeft < count) {
            fillAvailable();
        }
        int value = peek(count);
        consume(count);
        return value;
    }

    int bit() throws JpegFormatException {
        return bits(1);
    }

    /** The next {@code count} bits as a signed coefficient value (JPEG's EXTEND). */
    int receiveExtend(int count) throws JpegFormatException {
        if (count == 0) {
            return 0;
        }
        int value = bits(count);
        return value < 1 << (count - 1) ? value - (1 << count) + 1 : value;
    }

    /** Decodes one Huffman symbol; a code that matches nothing is symbol 0 after 17 bits, as in libjpeg. */
    int decode(HuffmanTable table) throws JpegFormatException {
        if (bitsLeft < 16) {
            fillAvailable();
        }
        int window = peek(16);
        int entry = table.lookup(window >>> (16 - HuffmanTable.LOOKAHEAD));
        if (entry != 0) {
            consume(entry >>> 8);
            return entry & 0xFF;
        }
        for (int length = HuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
            int code = window >>> (16 - length);
            if (code <= table.maxCode(length)) {
                consume(length);
                return table.symbol(code, length);
            }
        }
        consume(16);
        bit();
        return 0;
    }
}
