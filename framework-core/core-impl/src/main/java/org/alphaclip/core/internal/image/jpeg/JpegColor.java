package org.alphaclip.core.internal.image.jpeg;

/**
 * The colour space a JPEG's samples are in, and their conversion to the RGB bytes of Pillow's
 * {@code convert("RGB")}: YCbCr with libjpeg's fixed-point tables; CMYK and YCCK as Pillow reads them (libjpeg
 * turns YCCK into CMYK, Pillow takes CMYK as inverted Adobe CMYK and converts it with {@code R = (255 - K') -
 * C' (255 - K') / 255} rounded as its MULDIV255).
 */
enum JpegColor {
    GRAY, YCBCR, RGB, CMYK, YCCK;

    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private static int fix(double value) {
        return (int) (value * (1 << SCALE_BITS) + 0.5);
    }

    /** Converts one row: {@code rows[c][x]} is component c at column x; writes width RGB pixels at offset. */
    void convertRow(int[][] rows, int width, byte[] out, int offset) {
        switch (this) {
            case GRAY -> {
                int[] gray = rows[0];
                for (int x = 0, o = offset; x < width; x++, o += 3) {
                    byte value = (byte) gray[x];
                    out[o] = value;
                    out[o + 1] = value;
                    out[o + 2] = value;
                }
            }
            case YCBCR -> {
                int[] luma = rows[0];
                int[] cb = rows[1];
                int[] cr = rows[2];
                for (int x = 0, o = offset; x < width; x++, o += 3) {
                    int y = luma[x];
                    out[o] = clamp(y + CR_R[cr[x]]);
                    out[o + 1] = clamp(y + ((CB_G[cb[x]] + CR_G[cr[x]]) >> SCALE_BITS));
                    out[o + 2] = clamp(y + CB_B[cb[x]]);
                }
            }
            case RGB -> {
                for (int x = 0, o = offset; x < width; x++, o += 3) {
                    out[o] = (byte) rows[0][x];
                    out[o + 1] = (byte) rows[1][x];
                    out[o + 2] = (byte) rows[2][x];
                }
            }
            case CMYK, YCCK -> {
                for (int x = 0, o = offset; x < width; x++, o += 3) {
                    int c;
                    int m;
                    int yellow;
                    if (this == YCCK) {
                        int y = rows[0][x];
                        int cb = rows[1][x];
                        int cr = rows[2][x];
                        c = 255 - (clamp(y + CR_R[cr]) & 0xFF);
                        m = 255 - (clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS)) & 0xFF);
                        yellow = 255 - (clamp(y + CB_B[cb]) & 0xFF);
                    } else {
                        c = rows[0][x];
                        m = rows[1][x];
                        yellow = rows[2][x];
                    }
                    int k = rows[3][x];
                    // Pillow reads the samples inverted ("CMYK;I"), then converts CMYK to RGB
                    int notK = k;
                    out[o] = pillowCmykChannel(255 - c, notK);
                    out[o + 1] = pillowCmykChannel(255 - m, notK);
                    out[o + 2] = pillowCmykChannel(255 - yellow, notK);
                }
            }
        }
    }

    /** Pillow's cmyk2rgb for one channel: {@code (255 - K) - MULDIV255(C, 255 - K)}, with K already inverted. */
    private static byte pillowCmykChannel(int channel, int notK) {
        int product = channel * notK + 128;
        int scaled = ((product >> 8) + product) >> 8;
        return clamp(notK - scaled);
    }

    private static byte clamp(int value) {
        return (byte) Math.max(0, Math.min(255, value));
    }
}
