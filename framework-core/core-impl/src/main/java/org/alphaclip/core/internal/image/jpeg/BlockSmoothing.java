package org.alphaclip.core.internal.image.jpeg;

/**
 * libjpeg-turbo's interblock smoothing for progressive files whose low-frequency coefficients are not all known to
 * full precision (later scans missing): before the inverse DCT, each block's first nine AC coefficients that are
 * still zero are estimated from the DC values of the 5x5 blocks around it, and where a component has no AC data at
 * all its DC values are interpolated too. Complete files never need it. Estimates follow libjpeg-turbo 2.1's
 * kernels and rounding, so smoothed images keep Pillow's pixels.
 */
final class BlockSmoothing {

    /** Natural-order positions of DC and the first nine AC coefficients (zigzag 01, 10, 20, 11, 02, 03, 12, 21, 30). */
    private static final int[] POSITIONS = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24};

    private final JpegComponent component;
    private final long[] quant = new long[10];
    /** Per coefficient 1..9 (index 0 unused): the precision shift it is known to, 0 exact, -1 unknown. */
    private final int[] bits;
    private final int[] dc = new int[25];

    /**
     * @param bits the coefficient precision latched for this component and the rows being smoothed
     */
    BlockSmoothing(JpegComponent component, int[] bits) {
        this.component = component;
        this.bits = bits;
        for (int i = 0; i < 10; i++) {
            quant[i] = component.quantTable[POSITIONS[i]];
        }
    }

    /** Whether smoothing can run for a component: DC seen, quantisers of the ten coefficients nonzero. */
    static boolean possible(JpegComponent component, int dcBits) {
        if (component.quantTable == null || dcBits < 0) {
            return false;
        }
        for (int position : POSITIONS) {
            if (component.quantTable[position] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies block (row, column) into {@code workspace} with its estimated coefficients.
     *
     * @param rows the block rows whose DC values are the block's neighbours: two above, its own, two below
     */
    void smooth(int row, int column, int[] rows, short[] workspace) {
        System.arraycopy(component.coefficients, component.blockOffset(row, column), workspace, 0, 64);
        int lastColumn = component.widthInBlocks - 1;
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                int neighbour = Math.max(0, Math.min(lastColumn, column + c - 2));
                dc[r * 5 + c] = component.coefficients[component.blockOffset(rows[r], neighbour)];
            }
        }
        boolean changeDc = true;
        for (int k = 1; k <= 9; k++) {
            changeDc &= bits[k] == -1;
        }
        estimate(workspace, 1, changeDc
                ? -d(1) - d(2) + d(4) + d(5) - 3 * d(6) + 13 * d(7) - 13 * d(9) + 3 * d(10) - 3 * d(11)
                        + 38 * d(12) - 38 * d(14) + 3 * d(15) - 3 * d(16) + 13 * d(17) - 13 * d(19) + 3 * d(20)
                        - d(21) - d(22) + d(24) + d(25)
                : -7 * d(11) + 50 * d(12) - 50 * d(14) + 7 * d(15));
        estimate(workspace, 2, changeDc
                ? -d(1) - 3 * d(2) - 3 * d(3) - 3 * d(4) - d(5) - d(6) + 13 * d(7) + 38 * d(8) + 13 * d(9)
                        - d(10) + d(16) - 13 * d(17) - 38 * d(18) - 13 * d(19) + d(20) + d(21) + 3 * d(22)
                        + 3 * d(23) + 3 * d(24) + d(25)
                : -7 * d(3) + 50 * d(8) - 50 * d(18) + 7 * d(23));
        estimate(workspace, 3, changeDc
                ? d(3) + 2 * d(7) + 7 * d(8) + 2 * d(9) - 5 * d(12) - 14 * d(13) - 5 * d(14) + 2 * d(17)
                        + 7 * d(18) + 2 * d(19) + d(23)
                : -d(3) + 13 * d(8) - 24 * d(13) + 13 * d(18) - d(23));
        estimate(workspace, 4, changeDc
                ? -d(1) + d(5) + 9 * d(7) - 9 * d(9) - 9 * d(17) + 9 * d(19) + d(21) - d(25)
                : d(10) + d(16) - 10 * d(17) + 10 * d(19) - d(2) - d(20) + d(22) - d(24) + d(4) - d(6)
                        + 10 * d(7) - 10 * d(9));
        estimate(workspace, 5, changeDc
                ? 2 * d(7) - 5 * d(8) + 2 * d(9) + d(11) + 7 * d(12) - 14 * d(13) + 7 * d(14) + d(15)
                        + 2 * d(17) - 5 * d(18) + 2 * d(19)
                : -d(11) + 13 * d(12) - 24 * d(13) + 13 * d(14) - d(15));
        if (changeDc) {
            estimate(workspace, 6, d(7) - d(9) + 2 * d(12) - 2 * d(14) + d(17) - d(19));
            estimate(workspace, 7, d(7) - 3 * d(8) + d(9) - d(17) + 3 * d(18) - d(19));
            estimate(workspace, 8, d(7) - d(9) - 3 * d(12) + 3 * d(14) + d(17) - d(19));
            estimate(workspace, 9, d(7) + 2 * d(8) + d(9) - d(17) - 2 * d(18) - d(19));
            long num = quant[0] * (-2 * d(1) - 6 * d(2) - 8 * d(3) - 6 * d(4) - 2 * d(5) - 6 * d(6) + 6 * d(7)
                    + 42 * d(8) + 6 * d(9) - 6 * d(10) - 8 * d(11) + 42 * d(12) + 152 * d(13) + 42 * d(14)
                    - 8 * d(15) - 6 * d(16) + 6 * d(17) + 42 * d(18) + 6 * d(19) - 6 * d(20) - 2 * d(21)
                    - 6 * d(22) - 8 * d(23) - 6 * d(24) - 2 * d(25));
            long q = quant[0];
            workspace[0] = (short) (num >= 0 ? (q * 128 + num) / (q * 256) : -((q * 128 - num) / (q * 256)));
        }
    }

    /** The DC value of neighbour n (1..25, row by row from two above and two left). */
    private long d(int n) {
        return dc[n - 1];
    }

    /** Estimates coefficient i (1..9) from the weighted DC sum, if it is still zero and not known exactly. */
    private void estimate(short[] workspace, int i, long weightedSum) {
        int precision = bits[i];
        int position = POSITIONS[i];
        if (precision == 0 || workspace[position] != 0) {
            return;
        }
        long num = quant[0] * weightedSum;
        long q = quant[i];
        int prediction = (int) (((q << 7) + Math.abs(num)) / (q << 8));
        if (precision > 0 && prediction >= 1 << precision) {
            prediction = (1 << precision) - 1;
        }
        workspace[position] = (short) (num >= 0 ? prediction : -prediction);
    }
}
