package org.alphaclip.core.internal.image.jpeg;

/**
 * The accurate integer inverse DCT that libjpeg-turbo (and so Pillow) uses by default ("islow": the
 * Loeffler-Ligtenberg-Moschytz algorithm with 13-bit constants and 2 extra bits between the passes), computed with
 * the arithmetic of libjpeg-turbo's x86-64 SIMD code, which Pillow runs on x86-64: dequantised coefficients and
 * the values between the passes are 16-bit (wrapping, resp. saturating), products and sums 32-bit, and the output
 * is clamped to 0..255. For coefficients of real images this is the same as libjpeg's portable C code; only
 * damaged data, whose coefficients overflow 16 bits, tells them apart.
 */
final class InverseDct {

    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;
    private static final int F_0_298 = 2446;
    private static final int F_0_390 = 3196;
    private static final int F_0_541 = 4433;
    private static final int F_0_765 = 6270;
    private static final int F_0_899 = 7373;
    private static final int F_1_175 = 9633;
    private static final int F_1_501 = 12299;
    private static final int F_1_847 = 15137;
    private static final int F_1_961 = 16069;
    private static final int F_2_053 = 16819;
    private static final int F_2_562 = 20995;
    private static final int F_3_072 = 25172;

    /** The 16-bit values between the passes, row-major. */
    private final short[] workspace = new short[64];
    private final int[] in = new int[8];
    private final int[] out = new int[8];

    /**
     * Transforms one block into 8x8 samples.
     *
     * @param coefficients the block's coefficients (natural order) starting at {@code offset}
     * @param multipliers the dequantisation factors as 16-bit values (natural order)
     * @param samples written at {@code samplesOffset} with {@code stride} per row
     */
    void transform(short[] coefficients, int offset, int[] multipliers, byte[] samples, int samplesOffset,
            int stride) {
        short[] ws = workspace;
        if (acRowsAreZero(coefficients, offset)) {
            for (int column = 0; column < 8; column++) {
                short dc = (short) ((short) (coefficients[offset + column] * multipliers[column]) << PASS1_BITS);
                for (int row = 0; row < 8; row++) {
                    ws[row * 8 + column] = dc;
                }
            }
        } else {
            for (int column = 0; column < 8; column++) {
                for (int k = 0; k < 8; k++) {
                    in[k] = (short) (coefficients[offset + k * 8 + column] * multipliers[k * 8 + column]);
                }
                pass(CONST_BITS - PASS1_BITS);
                for (int k = 0; k < 8; k++) {
                    ws[k * 8 + column] = (short) out[k];
                }
            }
        }
        for (int row = 0; row < 8; row++) {
            for (int k = 0; k < 8; k++) {
                in[k] = ws[row * 8 + k];
            }
            pass(CONST_BITS + PASS1_BITS + 3);
            int o = samplesOffset + row * stride;
            for (int k = 0; k < 8; k++) {
                samples[o + k] = (byte) (Math.max(-128, Math.min(127, out[k])) + 128);
            }
        }
    }

    /** Whether coefficient rows 1..7 are all zero, where the SIMD code takes every column's DC alone. */
    private static boolean acRowsAreZero(short[] coefficients, int offset) {
        for (int i = offset + 8; i < offset + 64; i++) {
            if (coefficients[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** One 1-D pass over {@code in} (16-bit values) into {@code out}, descaled and saturated to 16 bits. */
    private void pass(int shift) {
        int in0 = in[0];
        int in1 = in[1];
        int in2 = in[2];
        int in3 = in[3];
        int in4 = in[4];
        int in5 = in[5];
        int in6 = in[6];
        int in7 = in[7];
        // even part
        int tmp3 = in2 * (F_0_541 + F_0_765) + in6 * F_0_541;
        int tmp2 = in6 * (F_0_541 - F_1_847) + in2 * F_0_541;
        int tmp0 = (short) (in0 + in4) << CONST_BITS;
        int tmp1 = (short) (in0 + (short) -in4) << CONST_BITS;
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;
        // odd part
        int z3 = (short) (in7 + in3);
        int z4 = (short) (in5 + in1);
        int z3Rotated = z3 * (F_1_175 - F_1_961) + z4 * F_1_175;
        int z4Rotated = z3 * F_1_175 + z4 * (F_1_175 - F_0_390);
        int odd0 = in7 * (F_0_298 - F_0_899) + in1 * -F_0_899 + z3Rotated;
        int odd1 = in5 * (F_2_053 - F_2_562) + in3 * -F_2_562 + z4Rotated;
        int odd3 = in7 * -F_0_899 + in1 * (F_1_501 - F_0_899) + z4Rotated;
        int odd2 = in5 * -F_2_562 + in3 * (F_3_072 - F_2_562) + z3Rotated;
        out[0] = descale(tmp10 + odd3, shift);
        out[7] = descale(tmp10 - odd3, shift);
        out[1] = descale(tmp11 + odd2, shift);
        out[6] = descale(tmp11 - odd2, shift);
        out[2] = descale(tmp12 + odd1, shift);
        out[5] = descale(tmp12 - odd1, shift);
        out[3] = descale(tmp13 + odd0, shift);
        out[4] = descale(tmp13 - odd0, shift);
    }

    /** Rounds and shifts a 32-bit value, saturated to 16 bits as the SIMD code packs it. */
    private static int descale(int value, int shift) {
        int descaled = (value + (1 << (shift - 1))) >> shift;
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, descaled));
    }
}
