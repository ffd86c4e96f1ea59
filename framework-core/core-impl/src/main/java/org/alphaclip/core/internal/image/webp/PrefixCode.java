package org.alphaclip.core.internal.image.webp;

/**
 * A canonical prefix code of VP8L (code lengths up to 15), decoded through a 15-bit table of reversed codes.
 * As libwebp requires, the code must be complete, except that a single used symbol makes a code of no bits.
 */
final class PrefixCode {

    private static final int MAX_LENGTH = 15;

    /** For every 15-bit window (first bit lowest): the code length << 16 | symbol. */
    private final int[] table;
    private final int singleSymbol;

    PrefixCode(int[] lengths) throws WebPFormatException {
        int[] counts = new int[MAX_LENGTH + 1];
        int used = 0;
        int lastUsed = 0;
        for (int symbol = 0; symbol < lengths.length; symbol++) {
            if (lengths[symbol] > 0) {
                counts[lengths[symbol]]++;
                used++;
                lastUsed = symbol;
            }
        }
        if (used == 1) {
            singleSymbol = lastUsed;
            table = null;
            return;
        }
        singleSymbol = -1;
        long open = 1;
        for (int length = 1; length <= MAX_LENGTH; length++) {
            open = open * 2 - counts[length];
            if (open < 0) {
                throw WebPFormatException.damaged("a prefix code has more codes than its lengths allow");
            }
        }
        if (open != 0) {
            throw WebPFormatException.damaged("a prefix code is incomplete");
        }
        int[] next = new int[MAX_LENGTH + 2];
        int code = 0;
        for (int length = 1; length <= MAX_LENGTH; length++) {
            code = (code + counts[length - 1]) << 1;
            next[length] = code;
        }
        table = new int[1 << MAX_LENGTH];
        for (int symbol = 0; symbol < lengths.length; symbol++) {
            int length = lengths[symbol];
            if (length == 0) {
                continue;
            }
            int reversed = Integer.reverse(next[length]++) >>> (32 - length);
            for (int fill = reversed; fill < table.length; fill += 1 << length) {
                table[fill] = length << 16 | symbol;
            }
        }
    }

    int read(BitReader reader) throws WebPFormatException {
        if (table == null) {
            return singleSymbol;
        }
        int entry = table[reader.peek15()];
        reader.skip(entry >>> 16);
        return entry & 0xFFFF;
    }
}
