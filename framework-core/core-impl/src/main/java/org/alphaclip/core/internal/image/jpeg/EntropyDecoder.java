package org.alphaclip.core.internal.image.jpeg;

/**
 * Decodes the coefficients of one scan, MCU by MCU, into the components' blocks (natural order, not
 * dequantised). One instance serves one scan.
 */
abstract class EntropyDecoder {

    /** The natural-order position of each zigzag index; indexes past 63 (corrupt runs) land on 63, as in libjpeg. */
    static final int[] NATURAL_ORDER = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63};

    /** The scan's spectral selection and successive approximation (Ss, Se, Ah, Al). */
    final int spectralStart;
    final int spectralEnd;
    final int approximationHigh;
    final int approximationLow;
    final boolean progressive;

    EntropyDecoder(JpegScan scan, boolean progressive) {
        this.spectralStart = scan.spectralStart;
        this.spectralEnd = scan.spectralEnd;
        this.approximationHigh = scan.approximationHigh;
        this.approximationLow = scan.approximationLow;
        this.progressive = progressive;
    }

    /**
     * Decodes one MCU.
     *
     * @param blocks the component of each block of the MCU
     * @param offsets the offset of each block's coefficients in its component
     * @param count the number of blocks
     */
    abstract void decodeMcu(JpegComponent[] blocks, int[] offsets, int count) throws JpegFormatException;

    /** Handles the restart marker that must come before the next MCU ({@code number} 0..7). */
    abstract void restart(int number) throws JpegFormatException;
}
