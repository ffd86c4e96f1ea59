package org.alphaclip.core.internal.image.jpeg;

import java.util.Arrays;

/**
 * Huffman entropy decoding of sequential and progressive scans with libjpeg-turbo's handling of damaged data:
 * once a marker cuts a restart interval short, the interval's remaining MCUs are left as they are; a code that
 * matches nothing decodes as 0; coefficients that run past the block land on its last position.
 */
final class HuffmanDecoder extends EntropyDecoder {

    private final JpegInput input;
    private final HuffmanTable[] dcTables;
    private final HuffmanTable[] acTables;
    private final int[] lastDc;
    private int endOfBandRun;

    /**
     * @param dcTables the scan's DC tables by table slot (null where unused)
     * @param acTables the scan's AC tables by table slot (null where unused)
     */
    HuffmanDecoder(JpegInput input, JpegScan scan, boolean progressive, int componentCount, HuffmanTable[] dcTables,
            HuffmanTable[] acTables) {
        super(scan, progressive);
        this.input = input;
        this.dcTables = dcTables;
        this.acTables = acTables;
        this.lastDc = new int[componentCount];
        input.startEntropyData();
    }

    @Override
    void restart(int number) throws JpegFormatException {
        input.readRestartMarker(number);
        Arrays.fill(lastDc, 0);
        endOfBandRun = 0;
    }

    @Override
    void decodeMcu(JpegComponent[] blocks, int[] offsets, int count) throws JpegFormatException {
        if (!progressive) {
            if (!input.insufficientData()) {
                for (int b = 0; b < count; b++) {
                    decodeSequentialBlock(blocks[b], offsets[b]);
                }
            }
        } else if (spectralStart == 0) {
            if (approximationHigh == 0) {
                if (!input.insufficientData()) {
                    for (int b = 0; b < count; b++) {
                        decodeDcFirst(blocks[b], offsets[b]);
                    }
                }
            } else {
                for (int b = 0; b < count; b++) {
                    if (input.bit() != 0) {
                        blocks[b].coefficients[offsets[b]] |= (short) (1 << approximationLow);
                    }
                }
            }
        } else if (!input.insufficientData()) {
            if (approximationHigh == 0) {
                decodeAcFirst(blocks[0], offsets[0]);
            } else {
                decodeAcRefine(blocks[0], offsets[0]);
            }
        }
    }

    private void decodeSequentialBlock(JpegComponent component, int offset) throws JpegFormatException {
        short[] block = component.coefficients;
        int size = input.decode(dcTables[component.dcTable]);
        int dc = lastDc[component.index] + input.receiveExtend(size);
        lastDc[component.index] = dc;
        block[offset] = (short) dc;
        HuffmanTable ac = acTables[component.acTable];
        for (int k = 1; k < 64; k++) {
            int symbol = input.decode(ac);
            int run = symbol >> 4;
            size = symbol & 15;
            if (size != 0) {
                k += run;
                block[offset + NATURAL_ORDER[k]] = (short) input.receiveExtend(size);
            } else {
                if (run != 15) {
                    break;
                }
                k += 15;
            }
        }
    }

    private void decodeDcFirst(JpegComponent component, int offset) throws JpegFormatException {
        int size = input.decode(dcTables[component.dcTable]);
        int dc = lastDc[component.index] + input.receiveExtend(size);
        lastDc[component.index] = dc;
        component.coefficients[offset] = (short) (dc << approximationLow);
    }

    private void decodeAcFirst(JpegComponent component, int offset) throws JpegFormatException {
        if (endOfBandRun > 0) {
            endOfBandRun--;
            return;
        }
        short[] block = component.coefficients;
        HuffmanTable table = acTables[component.acTable];
        for (int k = spectralStart; k <= spectralEnd; k++) {
            int symbol = input.decode(table);
            int run = symbol >> 4;
            int size = symbol & 15;
            if (size != 0) {
                k += run;
                block[offset + NATURAL_ORDER[k]] = (short) (input.receiveExtend(size) << approximationLow);
            } else if (run == 15) {
                k += 15;
            } else {
                endOfBandRun = 1 << run;
                if (run != 0) {
                    endOfBandRun += input.bits(run);
                }
                endOfBandRun--;
                break;
            }
        }
    }

    private void decodeAcRefine(JpegComponent component, int offset) throws JpegFormatException {
        short[] block = component.coefficients;
        int plusOne = 1 << approximationLow;
        int minusOne = -1 << approximationLow;
        HuffmanTable table = acTables[component.acTable];
        int k = spectralStart;
        if (endOfBandRun == 0) {
            for (; k <= spectralEnd; k++) {
                int symbol = input.decode(table);
                int run = symbol >> 4;
                int size = symbol & 15;
                int value = 0;
                if (size != 0) {
                    value = input.bit() != 0 ? plusOne : minusOne;
                } else if (run != 15) {
                    endOfBandRun = 1 << run;
                    if (run != 0) {
                        endOfBandRun += input.bits(run);
                    }
                    break;
                }
                do {
                    int position = offset + NATURAL_ORDER[k];
                    if (block[position] != 0) {
                        refine(block, position, plusOne, minusOne);
                    } else if (--run < 0) {
                        break;
                    }
                    k++;
                } while (k <= spectralEnd);
                if (value != 0) {
                    block[offset + NATURAL_ORDER[k]] = (short) value;
                }
            }
        }
        if (endOfBandRun > 0) {
            for (; k <= spectralEnd; k++) {
                int position = offset + NATURAL_ORDER[k];
                if (block[position] != 0) {
                    refine(block, position, plusOne, minusOne);
                }
            }
            endOfBandRun--;
        }
    }

    /** Reads a correction bit for an already nonzero coefficient and adds it away from zero. */
    private void refine(short[] block, int position, int plusOne, int minusOne) throws JpegFormatException {
        if (input.bit() != 0 && (block[position] & plusOne) == 0) {
            block[position] += (short) (block[position] >= 0 ? plusOne : minusOne);
        }
    }
}
