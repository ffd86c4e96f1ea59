package org.alphaclip.core.internal.image.webp;

/** Reads a VP8L bitstream least-significant bit first; reading past its end is an error. */
final class BitReader {

    private final byte[] data;
    private final int end;
    private int position;
    private long buffer;
    private int bitsLeft;

    BitReader(byte[] data, int start, int end) {
        this.data = data;
        this.position = start;
        this.end = end;
    }

    /** The next {@code count} (0..24) bits, the first read in the lowest bit. */
    int bits(int count) throws WebPFormatException {
        if (count == 0) {
            return 0;
        }
        while (bitsLeft < count) {
            if (position >= end) {
                throw WebPFormatException.truncated();
            }
            buffer |= (long) (data[position++] & 0xFF) << bitsLeft;
            bitsLeft += 8;
        }
        int value = (int) (buffer & ((1L << count) - 1));
        buffer >>>= count;
        bitsLeft -= count;
        return value;
    }

    boolean bit() throws WebPFormatException {
        return bits(1) != 0;
    }

    /** The next 15 bits without consuming them, zeros past the end (a prefix code decides how many it uses). */
    int peek15() {
        while (bitsLeft < 15 && position < end) {
            buffer |= (long) (data[position++] & 0xFF) << bitsLeft;
            bitsLeft += 8;
        }
        return (int) (buffer & 0x7FFF);
    }

    void skip(int count) throws WebPFormatException {
        if (count > bitsLeft) {
            throw WebPFormatException.truncated();
        }
        buffer >>>= count;
        bitsLeft -= count;
    }
}
