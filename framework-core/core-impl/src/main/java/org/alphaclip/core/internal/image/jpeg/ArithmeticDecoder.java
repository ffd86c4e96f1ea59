package org.alphaclip.core.internal.image.jpeg;

import java.util.Arrays;

/**
 * Arithmetic entropy decoding (ITU-T T.81 Annex F.2 and D) of sequential and progressive scans, with its
 * statistics conditioned as the DAC segments say. After an impossible code the rest of the restart interval is
 * left as it is, as libjpeg does.
 */
final class ArithmeticDecoder extends EntropyDecoder {

    /** Qe of each probability estimation state (Table D.2), and a last state of fixed probability 1/2. */
    private static final int[] QE = {
        0x5a1d, 0x2586, 0x1114, 0x080b, 0x03d8, 0x01da, 0x00e5, 0x006f, 0x0036, 0x001a, 0x000d, 0x0006, 0x0003,
        0x0001, 0x5a7f, 0x3f25, 0x2cf2, 0x207c, 0x17b9, 0x1182, 0x0cef, 0x09a1, 0x072f, 0x055c, 0x0406, 0x0303,
        0x0240, 0x01b1, 0x0144, 0x00f5, 0x00b7, 0x008a, 0x0068, 0x004e, 0x003b, 0x002c, 0x5ae1, 0x484c, 0x3a0d,
        0x2ef1, 0x261f, 0x1f33, 0x19a8, 0x1518, 0x1177, 0x0e74, 0x0bfb, 0x09f8, 0x0861, 0x0706, 0x05cd, 0x04de,
        0x040f, 0x0363, 0x02d4, 0x025c, 0x01f8, 0x01a4, 0x0160, 0x0125, 0x00f6, 0x00cb, 0x00ab, 0x008f, 0x5b12,
        0x4d04, 0x412c, 0x37d8, 0x2fe8, 0x293c, 0x2379, 0x1edf, 0x1aa9, 0x174e, 0x1424, 0x119c, 0x0f6b, 0x0d51,
        0x0bb6, 0x0a40, 0x5832, 0x4d1c, 0x438e, 0x3bdd, 0x34ee, 0x2eae, 0x299a, 0x2516, 0x5570, 0x4ca9, 0x44d9,
        0x3e22, 0x3824, 0x32b4, 0x2e17, 0x56a8, 0x4f46, 0x47e5, 0x41cf, 0x3c3d, 0x375e, 0x5231, 0x4c0f, 0x4639,
        0x415e, 0x5627, 0x50e7, 0x4b85, 0x5597, 0x504f, 0x5a10, 0x5522, 0x59eb, 0x5a1d};
    /** The next state after a less probable symbol (Table D.2). */
    private static final int[] NEXT_LPS = {
        1, 14, 16, 18, 20, 23, 25, 28, 30, 33, 35, 9, 10, 12, 15, 36, 38, 39, 40, 42, 43, 45, 46, 48, 49, 51, 52, 54,
        56, 57, 59, 60, 62, 63, 32, 33, 37, 64, 65, 67, 68, 69, 70, 72, 73, 74, 75, 77, 78, 79, 48, 50, 50, 51, 52,
        53, 54, 55, 56, 57, 58, 59, 61, 61, 65, 80, 81, 82, 83, 84, 86, 87, 87, 72, 72, 74, 74, 75, 77, 77, 80, 88,
        89, 90, 91, 92, 93, 86, 88, 95, 96, 97, 99, 99, 93, 95, 101, 102, 103, 104, 99, 105, 106, 107, 103, 105,
        108, 109, 110, 111, 110, 112, 112, 113};
    /** The next state after a more probable symbol (Table D.2). */
    private static final int[] NEXT_MPS = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
        30, 31, 32, 33, 34, 35, 9, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56,
        57, 58, 59, 60, 61, 62, 63, 32, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 48, 81, 82, 83,
        84, 85, 86, 87, 71, 89, 90, 91, 92, 93, 94, 86, 96, 97, 98, 99, 100, 93, 102, 103, 104, 99, 106, 107, 103,
        109, 107, 111, 109, 111, 113};
    /** The states in which a less probable symbol exchanges the sense of the more probable one (Table D.2). */
    private static final boolean[] SWITCH_MPS = new boolean[QE.length];
    private static final int FIXED_STATE = 113;

    static {
        for (int state : new int[] {0, 14, 36, 64, 80, 88, 95, 105, 110, 112}) {
            SWITCH_MPS[state] = true;
        }
    }

    private final JpegInput input;
    private final JpegComponent[] scanComponents;
    private final int[] dcLower;
    private final int[] dcUpper;
    private final int[] acK;
    /** Statistics bins: state index in the low 7 bits, the more probable symbol in bit 7. */
    private final byte[][] dcStats = new byte[16][];
    private final byte[][] acStats = new byte[16][];
    private final byte[] fixedBin = {(byte) FIXED_STATE};
    private final int[] lastDc;
    private final int[] dcContext;
    private long c;
    private long a;
    private int ct;

    /**
     * @param dcLower the DC conditioning lower bounds L by table slot (DAC)
     * @param dcUpper the DC conditioning upper bounds U by table slot
     * @param acK the AC conditioning thresholds Kx by table slot
     */
    ArithmeticDecoder(JpegInput input, JpegScan scan, boolean progressive, int componentCount, int[] dcLower,
            int[] dcUpper, int[] acK) {
        super(scan, progressive);
        this.input = input;
        this.scanComponents = scan.components;
        this.dcLower = dcLower;
        this.dcUpper = dcUpper;
        this.acK = acK;
        this.lastDc = new int[componentCount];
        this.dcContext = new int[componentCount];
        for (JpegComponent component : scan.components) {
            if (usesDcStatistics()) {
                dcStats[component.dcTable] = new byte[64];
            }
            if (usesAcStatistics()) {
                acStats[component.acTable] = new byte[256];
            }
        }
        input.startEntropyData();
        resetCoder();
    }

    private boolean usesDcStatistics() {
        return !progressive || spectralStart == 0 && approximationHigh == 0;
    }

    private boolean usesAcStatistics() {
        return !progressive || spectralStart != 0;
    }

    private void resetCoder() {
        c = 0;
        a = 0;
        ct = -16;
    }

    @Override
    void restart(int number) throws JpegFormatException {
        input.readRestartMarker(number);
        for (JpegComponent component : scanComponents) {
            if (usesDcStatistics()) {
                Arrays.fill(dcStats[component.dcTable], (byte) 0);
                lastDc[component.index] = 0;
                dcContext[component.index] = 0;
            }
            if (usesAcStatistics()) {
                Arrays.fill(acStats[component.acTable], (byte) 0);
            }
        }
        resetCoder();
    }

    @Override
    void decodeMcu(JpegComponent[] blocks, int[] offsets, int count) throws JpegFormatException {
        if (progressive && spectralStart == 0 && approximationHigh != 0) {
            for (int b = 0; b < count; b++) {
                if (decode(fixedBin, 0) != 0) {
                    blocks[b].coefficients[offsets[b]] |= (short) (1 << approximationLow);
                }
            }
            return;
        }
        if (ct == -1) {
            return;
        }
        if (!progressive) {
            for (int b = 0; b < count && ct != -1; b++) {
                if (decodeDc(blocks[b], offsets[b], 0)) {
                    decodeAc(blocks[b], offsets[b], 1, 63, 0);
                }
            }
        } else if (spectralStart == 0) {
            for (int b = 0; b < count && ct != -1; b++) {
                decodeDc(blocks[b], offsets[b], approximationLow);
            }
        } else if (approximationHigh == 0) {
            decodeAc(blocks[0], offsets[0], spectralStart, spectralEnd, approximationLow);
        } else {
            decodeAcRefine(blocks[0], offsets[0]);
        }
    }

    /** Decodes a DC difference (Figures F.19, F.21-F.24); false after an impossible magnitude. */
    private boolean decodeDc(JpegComponent component, int offset, int shift) throws JpegFormatException {
        byte[] stats = dcStats[component.dcTable];
        int ci = component.index;
        int s = dcContext[ci];
        if (decode(stats, s) == 0) {
            dcContext[ci] = 0;
        } else {
            int sign = decode(stats, s + 1);
            s += 2 + sign;
            int m = decode(stats, s);
            if (m != 0) {
                s = 20;
                while (decode(stats, s) != 0) {
                    m <<= 1;
                    if (m == 0x8000) {
                        ct = -1;
                        return false;
                    }
                    s++;
                }
            }
            int table = component.dcTable;
            if (m < (1 << dcLower[table]) >> 1) {
                dcContext[ci] = 0;
            } else if (m > (1 << dcUpper[table]) >> 1) {
                dcContext[ci] = 12 + sign * 4;
            } else {
                dcContext[ci] = 4 + sign * 4;
            }
            lastDc[ci] += value(stats, s, m, sign);
        }
        component.coefficients[offset] = (short) (lastDc[ci] << shift);
        return true;
    }

    /**
     * A coefficient's value from its sign and magnitude category {@code m} (the highest bit of its magnitude):
     * the lower magnitude bits come from the statistics bin {@code s + 14} (Figure F.19's last steps).
     */
    private int value(byte[] stats, int s, int m, int sign) throws JpegFormatException {
        int v = m;
        while ((m >>= 1) != 0) {
            if (decode(stats, s + 14) != 0) {
                v |= m;
            }
        }
        v += 1;
        return sign != 0 ? -v : v;
    }

    /** Decodes AC coefficients start..end of a block (Figure F.20), scaled by the point transform. */
    private void decodeAc(JpegComponent component, int offset, int start, int end, int shift)
            throws JpegFormatException {
        byte[] stats = acStats[component.acTable];
        short[] block = component.coefficients;
        int k = start - 1;
        do {
            int s = 3 * k;
            if (decode(stats, s) != 0) {
                break;
            }
            while (true) {
                k++;
                if (decode(stats, s + 1) != 0) {
                    break;
                }
                s += 3;
                if (k >= end) {
                    ct = -1;
                    return;
                }
            }
            int sign = decode(fixedBin, 0);
            s += 2;
            int m = decode(stats, s);
            if (m != 0 && decode(stats, s) != 0) {
                m <<= 1;
                s = k <= acK[component.acTable] ? 189 : 217;
                while (decode(stats, s) != 0) {
                    m <<= 1;
                    if (m == 0x8000) {
                        ct = -1;
                        return;
                    }
                    s++;
                }
            }
            block[offset + NATURAL_ORDER[k]] = (short) (value(stats, s, m, sign) << shift);
        } while (k < end);
    }

    /** Decodes a successive approximation refinement of AC coefficients (Figure G.10 with Table G.2). */
    private void decodeAcRefine(JpegComponent component, int offset) throws JpegFormatException {
        byte[] stats = acStats[component.acTable];
        short[] block = component.coefficients;
        int plusOne = 1 << approximationLow;
        int minusOne = -plusOne;
        int previousEnd = spectralEnd;
        while (previousEnd > 0 && block[offset + NATURAL_ORDER[previousEnd]] == 0) {
            previousEnd--;
        }
        int k = spectralStart - 1;
        do {
            int s = 3 * k;
            if (k >= previousEnd && decode(stats, s) != 0) {
                break;
            }
            while (true) {
                int position = offset + NATURAL_ORDER[++k];
                if (block[position] != 0) {
                    if (decode(stats, s + 2) != 0) {
                        block[position] += (short) (block[position] < 0 ? minusOne : plusOne);
                    }
                    break;
                }
                if (decode(stats, s + 1) != 0) {
                    block[position] = (short) (decode(fixedBin, 0) != 0 ? minusOne : plusOne);
                    break;
                }
                s += 3;
                if (k >= spectralEnd) {
                    ct = -1;
                    return;
                }
            }
        } while (k < spectralEnd);
    }

    /** Decodes one binary decision with the statistics bin {@code stats[index]} (Section D.2). */
    private int decode(byte[] stats, int index) throws JpegFormatException {
        while (a < 0x8000) {
            if (--ct < 0) {
                c = (c << 8) | input.arithmeticByte();
                ct += 8;
                if (ct < 0) {
                    if (++ct == 0) {
                        a = 0x8000;
                    }
                }
            }
            a <<= 1;
        }
        int sv = stats[index] & 0xFF;
        int state = sv & 0x7F;
        long qe = QE[state];
        long temp = a - qe;
        a = temp;
        temp <<= ct;
        if (c >= temp) {
            c -= temp;
            if (a < qe) {
                a = qe;
                stats[index] = (byte) ((sv & 0x80) ^ NEXT_MPS[state]);
            } else {
                a = qe;
                stats[index] = (byte) ((sv & 0x80) ^ nextLps(state));
                sv ^= 0x80;
            }
        } else if (a < 0x8000) {
            if (a < qe) {
                stats[index] = (byte) ((sv & 0x80) ^ nextLps(state));
                sv ^= 0x80;
            } else {
                stats[index] = (byte) ((sv & 0x80) ^ NEXT_MPS[state]);
            }
        }
        return sv >> 7;
    }

    /** The state after a less probable symbol, with bit 7 set where the more probable symbol switches. */
    private static int nextLps(int state) {
        return NEXT_LPS[state] | (SWITCH_MPS[state] ? 0x80 : 0);
    }
}
