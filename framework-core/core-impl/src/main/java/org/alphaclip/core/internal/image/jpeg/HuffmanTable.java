package org.alphaclip.core.internal.image.jpeg;

/**
 * A Huffman decoding table built from a DHT segment's code counts and symbols, with an 8-bit look-ahead for
 * short codes. A code that matches nothing decodes as symbol 0 after 17 bits, as libjpeg does.
 */
final class HuffmanTable {

    static final int LOOKAHEAD = 8;

    /** Per length 1..16: the largest code of that length, or -1; index 17 ends every search. */
    private final int[] maxCode = new int[18];
    /** Per length: the symbol index minus the first code of that length. */
    private final int[] valueOffset = new int[18];
    private final int[] symbols;
    /** Per 8-bit prefix: code length << 8 | symbol, or 0 when the code is longer than 8 bits. */
    private final int[] lookup = new int[1 << LOOKAHEAD];

    /**
     * Builds the table.
     *
     * @param counts the number of codes of each length 1..16 (index 0 is length 1)
     * @param symbols the symbols in code order
     * @param dc whether this is a DC table, whose symbols must be 0..15
     */
    HuffmanTable(int[] counts, int[] symbols, boolean dc) throws JpegFormatException {
        this.symbols = symbols.clone();
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        if (total > 256 || total != symbols.length) {
            throw JpegFormatException.damaged("a Huffman table has " + total + " codes for " + symbols.length
                    + " symbols");
        }
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++) {
            int count = counts[length - 1];
            valueOffset[length] = index - code;
            if (code + count >= 1 << length) {
                throw JpegFormatException.damaged("a Huffman table has more codes than its code lengths allow"
                        + " (or an all-ones code)");
            }
            for (int i = 0; i < count; i++) {
                if (length <= LOOKAHEAD) {
                    int shift = LOOKAHEAD - length;
                    for (int fill = 0; fill < 1 << shift; fill++) {
                        lookup[(code << shift) | fill] = length << 8 | symbols[index];
                    }
                }
                code++;
                index++;
            }
            maxCode[length] = count > 0 ? code - 1 : -1;
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
        if (dc) {
            for (int symbol : symbols) {
                if (symbol > 15) {
                    throw JpegFormatException.damaged("a DC Huffman table has the symbol " + symbol
                            + " (at most 15)");
                }
            }
        }
    }

    /** The look-ahead entry for these 8 bits: length << 8 | symbol, or 0 for longer codes. */
    int lookup(int bits) {
        return lookup[bits];
    }

    /** The largest code of this length (1..17); -1 when there is none. */
    int maxCode(int length) {
        return maxCode[length];
    }

    /** The symbol of a code of this length. */
    int symbol(int code, int length) {
        return symbols[(code + valueOffset[length]) & 0xFF];
    }
}
