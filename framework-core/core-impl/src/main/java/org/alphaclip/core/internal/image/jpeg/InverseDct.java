package org.alphaclip.core.internal.image.jpeg;

/**
 * The accurate integer inverse DCT that libjpeg-turbo (and so Pillow) uses by default ("islow": the
 * Loeffler-Ligtenberg-Moschytz algorithm with 13-bit constants and 2 extra bits between the passes), with
 * dequantisation and libjpeg's output range limiting, so that each block gives the same samples bit for bit.
 */
final class InverseDct {

    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private final int[] workspace = new int[64];

    /**
     * Transforms one block into 8x8 samples.
     *
     * @param coefficients the block's coefficients (natural order) starting at {@code offset}
     * @param quant the dequantisation factors (natural order)
     * @param out the samples, written at {@code outOffset} with {@code stride} per row
     */
    void transform(short[] coefficients, int offset, int[] quant, byte[] out, int outOffset, int stride) {
        int[] ws = workspace;
        for (int column = 0; column < 8; column++) {
            int in = offset + column;
            if (coefficients[in + 8] == 0 && coefficients[in + 16] == 0 && coefficients[in + 24] == 0
                    && coefficients[in + 32] == 0 && coefficients[in + 40] == 0 && coefficients[in + 48] == 0
                    && coefficients[in + 56] == 0) {
                int dc = (int) ((long) coefficients[in] * quant[column] << PASS1_BITS);
                for (int row = 0; row < 8; row++) {
                    ws[row * 8 + column] = dc;
                }
                continue;
            }
            long z2 = (long) coefficients[in + 16] * quant[column + 16];
            long z3 = (long) coefficients[in + 48] * quant[column + 48];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 + z3 * -FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = (long) coefficients[in] * quant[column];
            z3 = (long) coefficients[in + 32] * quant[column + 32];
            long tmp0 = (z2 + z3) << CONST_BITS;
            long tmp1 = (z2 - z3) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;

            tmp0 = (long) coefficients[in + 56] * quant[column + 56];
            tmp1 = (long) coefficients[in + 40] * quant[column + 40];
            tmp2 = (long) coefficients[in + 24] * quant[column + 24];
            tmp3 = (long) coefficients[in + 8] * quant[column + 8];
            long[] odd = odd(tmp0, tmp1, tmp2, tmp3);

            int shift = CONST_BITS - PASS1_BITS;
            ws[column] = (int) descale(tmp10 + odd[3], shift);
            ws[56 + column] = (int) descale(tmp10 - odd[3], shift);
            ws[8 + column] = (int) descale(tmp11 + odd[2], shift);
            ws[48 + column] = (int) descale(tmp11 - odd[2], shift);
            ws[16 + column] = (int) descale(tmp12 + odd[1], shift);
            ws[40 + column] = (int) descale(tmp12 - odd[1], shift);
            ws[24 + column] = (int) descale(tmp13 + odd[0], shift);
            ws[32 + column] = (int) descale(tmp13 - odd[0], shift);
        }
        for (int row = 0; row < 8; row++) {
            int w = row * 8;
            int o = outOffset + row * stride;
            if (ws[w + 1] == 0 && ws[w + 2] == 0 && ws[w + 3] == 0 && ws[w + 4] == 0 && ws[w + 5] == 0
                    && ws[w + 6] == 0 && ws[w + 7] == 0) {
                byte dc = limit(descale(ws[w], PASS1_BITS + 3));
                for (int x = 0; x < 8; x++) {
                    out[o + x] = dc;
                }
                continue;
            }
            long z2 = ws[w + 2];
            long z3 = ws[w + 6];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 + z3 * -FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            long tmp0 = ((long) ws[w] + ws[w + 4]) << CONST_BITS;
            long tmp1 = ((long) ws[w] - ws[w + 4]) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            long[] odd = odd(ws[w + 7], ws[w + 5], ws[w + 3], ws[w + 1]);

            int shift = CONST_BITS + PASS1_BITS + 3;
            out[o] = limit(descale(tmp10 + odd[3], shift));
            out[o + 7] = limit(descale(tmp10 - odd[3], shift));
            out[o + 1] = limit(descale(tmp11 + odd[2], shift));
            out[o + 6] = limit(descale(tmp11 - odd[2], shift));
            out[o + 2] = limit(descale(tmp12 + odd[1], shift));
            out[o + 5] = limit(descale(tmp12 - odd[1], shift));
            out[o + 3] = limit(descale(tmp13 + odd[0], shift));
            out[o + 4] = limit(descale(tmp13 - odd[0], shift));
        }
    }

    private final long[] oddPart = new long[4];

    /** The odd part: inputs at positions 7, 5, 3, 1; outputs tmp0..tmp3. */
    private long[] odd(long in7, long in5, long in3, long in1) {
        long z1 = in7 + in1;
        long z2 = in5 + in3;
        long z3 = in7 + in3;
        long z4 = in5 + in1;
        long z5 = (z3 + z4) * FIX_1_175875602;
        long tmp0 = in7 * FIX_0_298631336;
        long tmp1 = in5 * FIX_2_053119869;
        long tmp2 = in3 * FIX_3_072711026;
        long tmp3 = in1 * FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 = z3 * -FIX_1_961570560 + z5;
        z4 = z4 * -FIX_0_390180644 + z5;
        oddPart[0] = tmp0 + z1 + z3;
        oddPart[1] = tmp1 + z2 + z4;
        oddPart[2] = tmp2 + z2 + z3;
        oddPart[3] = tmp3 + z1 + z4;
        return oddPart;
    }

    private static long descale(long value, int shift) {
        return (value + (1L << (shift - 1))) >> shift;
    }

    /**
     * libjpeg's post-IDCT range limit: the value plus 128, clamped to 0..255 for values in -512..511, and
     * wrapping beyond (only corrupt data gets there).
     */
    private static byte limit(long value) {
        int index = (int) value & 1023;
        if (index < 128) {
            return (byte) (index + 128);
        }
        if (index < 512) {
            return (byte) 255;
        }
        if (index < 896) {
            return 0;
        }
        return (byte) (index - 896);
    }
}
