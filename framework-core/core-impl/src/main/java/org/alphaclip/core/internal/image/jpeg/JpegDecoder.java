package org.alphaclip.core.internal.image.jpeg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes JPEG files to the RGB bytes Pillow 9.4's {@code Image.open(f).convert("RGB")} gives with libjpeg-turbo
 * 2.1: baseline, extended and progressive processes with Huffman or arithmetic coding, any integral chroma
 * sampling, restart markers, greyscale, RGB, CMYK and YCCK. It decodes as libjpeg-turbo does by default (accurate
 * integer inverse DCT, fancy upsampling, its YCbCr tables and colour-space rules from JFIF, Adobe and component
 * ids) and converts CMYK as Pillow does (the samples taken as inverted Adobe CMYK). Embedded ICC profiles are
 * ignored, as Pillow ignores them. Incomplete progressive files get libjpeg-turbo's block smoothing, damaged data
 * libjpeg's handling of it (see {@link JpegInput}, {@link HuffmanDecoder}, {@link InverseDct}). What
 * libjpeg-turbo 2.1 refuses (lossless and hierarchical JPEG, 12-bit samples, missing tables) is refused with the
 * reason.
 *
 * <p>Create with the file's bytes (the header up to the frame is read at once), check {@link #width()} and
 * {@link #height()}, then {@link #decodeRgb()}.
 */
public final class JpegDecoder {

    private static final int SOF0 = 0xC0;
    private static final int SOF1 = 0xC1;
    private static final int SOF2 = 0xC2;
    private static final int DHT = 0xC4;
    private static final int SOF9 = 0xC9;
    private static final int SOF10 = 0xCA;
    private static final int DAC = 0xCC;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DQT = 0xDB;
    private static final int DNL = 0xDC;
    private static final int DRI = 0xDD;
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;
    private static final int COM = 0xFE;
    private static final int MAX_DIMENSION = 65500;

    private final JpegInput input;
    private final int[][] quantTables = new int[4][];
    private final int[][][] dcHuffman = new int[4][][];
    private final int[][][] acHuffman = new int[4][][];
    private final int[] arithmeticDcLower = new int[16];
    private final int[] arithmeticDcUpper = new int[16];
    private final int[] arithmeticAcK = new int[16];
    private int restartInterval;
    private boolean sawJfif;
    private int adobeTransform = -1;
    private final JpegFrame frame;
    /** Per component, per coefficient: the point transform of the last progressive scan that coded it, or -1. */
    private final int[][] coefficientBits;
    /** Per component, coefficients 1..9: their precision before the latest scan that coded them. */
    private final int[][] previousCoefficientBits;
    private int scansRead;
    /** The iMCU row of the last MCU the latest scan decoded while its data lasted (libjpeg's last_good_iMCU_row). */
    private int lastGoodRow;

    /**
     * Reads the markers up to and including the frame header.
     *
     * @throws JpegFormatException when the file is not a JPEG this decoder (and libjpeg-turbo) can read
     */
    public JpegDecoder(byte[] data) throws JpegFormatException {
        if (data.length < 2 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != SOI) {
            throw new JpegFormatException("is not a JPEG file (it does not start with FF D8)");
        }
        Arrays.fill(arithmeticDcUpper, 1);
        Arrays.fill(arithmeticAcK, 5);
        input = new JpegInput(data, 2);
        JpegFrame header = null;
        while (header == null) {
            int marker = input.nextMarker();
            switch (marker) {
                case SOF0, SOF1, SOF2, SOF9, SOF10 -> header = readFrame(marker);
                case SOS -> throw JpegFormatException.damaged("a scan comes before the frame header (SOF)");
                case EOI -> throw JpegFormatException.damaged("the file ends (EOI) before any image");
                default -> readTableOrMiscellany(marker);
            }
        }
        frame = header;
        coefficientBits = new int[frame.components.length][64];
        previousCoefficientBits = new int[frame.components.length][10];
        for (int[] bits : coefficientBits) {
            Arrays.fill(bits, -1);
        }
    }

    /** The image width in pixels. */
    public int width() {
        return frame.width;
    }

    /** The image height in pixels. */
    public int height() {
        return frame.height;
    }

    /**
     * Decodes every scan up to EOI and returns the image as RGB bytes, row-major, as Pillow's
     * {@code convert("RGB")} gives them.
     */
    public byte[] decodeRgb() throws JpegFormatException {
        for (JpegComponent component : frame.components) {
            component.allocate();
        }
        boolean sawScan = false;
        boolean multiScan = false;
        while (true) {
            int marker;
            try {
                marker = input.nextMarker();
            } catch (JpegFormatException e) {
                if (e.truncated() && sawScan && !multiScan) {
                    // libjpeg has put out every row of a single-scan image; only looking for EOI ran out of data
                    break;
                }
                throw e;
            }
            if (marker == EOI) {
                if (!sawScan) {
                    throw JpegFormatException.damaged("the file ends (EOI) before any scan of image data");
                }
                break;
            }
            if (marker == SOS) {
                JpegScan scan = readScan();
                if (!sawScan) {
                    multiScan = frame.progressive || scan.components.length < frame.components.length;
                    sawScan = true;
                } else if (!multiScan) {
                    throw JpegFormatException.damaged("a second scan follows a complete single-scan image");
                }
                decodeScan(scan);
            } else if (isFrameMarker(marker)) {
                throw JpegFormatException.damaged("it has a second frame header (SOF)");
            } else {
                try {
                    readTableOrMiscellany(marker);
                } catch (JpegFormatException e) {
                    if (!(e.truncated() && sawScan && !multiScan)) {
                        throw e;
                    }
                    break;
                }
            }
        }
        return output();
    }

    // ----- markers -----

    private static boolean isFrameMarker(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != DAC;
    }

    private void readTableOrMiscellany(int marker) throws JpegFormatException {
        switch (marker) {
            case DHT -> readHuffmanTables();
            case DQT -> readQuantTables();
            case DRI -> readRestartInterval();
            case DAC -> readArithmeticConditioning();
            case SOI -> throw JpegFormatException.damaged("it has a second start-of-image marker");
            case 0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7 -> {
                // TEM and stray restart markers carry no parameters; libjpeg ignores them here too
            }
            case DNL, COM -> input.skip(input.segmentLength("a marker segment"), "a marker segment");
            default -> {
                if (marker >= APP0 && marker <= 0xEF) {
                    readApplicationSegment(marker);
                } else if (isFrameMarker(marker) || marker == 0xC8) {
                    throw new JpegFormatException(unsupportedProcess(marker));
                } else {
                    throw JpegFormatException.damaged(String.format("it has an unknown marker FF %02X", marker));
                }
            }
        }
    }

    private static String unsupportedProcess(int marker) {
        String process = switch (marker) {
            case 0xC3, 0xCB -> "lossless JPEG";
            case 0xC5, 0xC6, 0xC7, 0xCD, 0xCE, 0xCF -> "hierarchical (differential) JPEG";
            default -> String.format("the JPEG process of marker FF %02X", marker);
        };
        return "is " + (process.startsWith("the") ? "coded with " : "") + process
                + ", which libjpeg-turbo 2.1 (behind Pillow) does not decode either; convert it to PNG or to"
                + " baseline JPEG first";
    }

    private JpegFrame readFrame(int marker) throws JpegFormatException {
        int length = input.segmentLength("the frame header");
        int precision = input.readByte("the frame header");
        int height = input.readUnsigned16("the frame header");
        int width = input.readUnsigned16("the frame header");
        int count = input.readByte("the frame header");
        if (precision != 8) {
            throw new JpegFormatException("has " + precision + "-bit samples; libjpeg-turbo 2.1 behind Pillow (and"
                    + " this reader) decodes 8-bit JPEG only");
        }
        if (width == 0 || height == 0) {
            throw new JpegFormatException("declares an empty image (" + width + "x" + height + ")");
        }
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new JpegFormatException("declares " + width + "x" + height + " pixels; JPEG decoders stop at "
                    + MAX_DIMENSION + " per side");
        }
        if (count != 1 && count != 3 && count != 4) {
            throw new JpegFormatException("has " + count + " colour components; Pillow reads JPEG files with 1, 3"
                    + " or 4");
        }
        if (length != 6 + count * 3) {
            throw JpegFormatException.damaged("the frame header has the wrong length");
        }
        int[][] specs = new int[count][];
        for (int i = 0; i < count; i++) {
            int id = input.readByte("the frame header");
            int sampling = input.readByte("the frame header");
            int quant = input.readByte("the frame header");
            int h = sampling >> 4;
            int v = sampling & 15;
            if (h < 1 || h > 4 || v < 1 || v > 4) {
                throw JpegFormatException.damaged("component " + id + " has the sampling factors " + h + "x" + v
                        + " (each must be 1..4)");
            }
            if (quant > 3) {
                throw JpegFormatException.damaged("component " + id + " names quantisation table " + quant);
            }
            for (int j = 0; j < i; j++) {
                if (specs[j][0] == id) {
                    throw JpegFormatException.damaged("two components have the id " + id);
                }
            }
            specs[i] = new int[] {id, h, v, quant};
        }
        boolean progressive = marker == SOF2 || marker == SOF10;
        boolean arithmetic = marker == SOF9 || marker == SOF10;
        return new JpegFrame(width, height, progressive, arithmetic, specs);
    }

    private void readHuffmanTables() throws JpegFormatException {
        int length = input.segmentLength("a Huffman table");
        while (length > 16) {
            int index = input.readByte("a Huffman table");
            int[] counts = new int[16];
            int total = 0;
            for (int i = 0; i < 16; i++) {
                counts[i] = input.readByte("a Huffman table");
                total += counts[i];
            }
            length -= 17;
            if (total > 256 || total > length) {
                throw JpegFormatException.damaged("a Huffman table declares " + total + " codes");
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = input.readByte("a Huffman table");
            }
            length -= total;
            boolean ac = (index & 0x10) != 0;
            int slot = index & ~0x10;
            if (slot > 3) {
                throw JpegFormatException.damaged("a Huffman table has the slot " + slot + " (0..3)");
            }
            (ac ? acHuffman : dcHuffman)[slot] = new int[][] {counts, symbols};
        }
        if (length != 0) {
            throw JpegFormatException.damaged("a Huffman table segment has the wrong length");
        }
    }

    private void readQuantTables() throws JpegFormatException {
        int length = input.segmentLength("a quantisation table");
        while (length > 0) {
            int spec = input.readByte("a quantisation table");
            length--;
            int slot = spec & 15;
            boolean sixteenBit = (spec >> 4) != 0;
            if (slot > 3) {
                throw JpegFormatException.damaged("a quantisation table has the slot " + slot + " (0..3)");
            }
            int count = sixteenBit ? Math.min(64, length / 2) : Math.min(64, length);
            int[] table = new int[64];
            Arrays.fill(table, 1);
            for (int i = 0; i < count; i++) {
                int value = sixteenBit ? input.readUnsigned16("a quantisation table")
                        : input.readByte("a quantisation table");
                table[EntropyDecoder.NATURAL_ORDER[i]] = value;
            }
            length -= sixteenBit ? count * 2 : count;
            quantTables[slot] = table;
        }
        if (length != 0) {
            throw JpegFormatException.damaged("a quantisation table segment has the wrong length");
        }
    }

    private void readRestartInterval() throws JpegFormatException {
        if (input.segmentLength("a restart interval") != 2) {
            throw JpegFormatException.damaged("the restart interval segment has the wrong length");
        }
        restartInterval = input.readUnsigned16("a restart interval");
    }

    private void readArithmeticConditioning() throws JpegFormatException {
        int length = input.segmentLength("arithmetic conditioning");
        while (length > 0) {
            int index = input.readByte("arithmetic conditioning");
            int value = input.readByte("arithmetic conditioning");
            length -= 2;
            if (index > 31) {
                throw JpegFormatException.damaged("arithmetic conditioning names table " + index);
            }
            if (index >= 16) {
                arithmeticAcK[index - 16] = value;
            } else {
                arithmeticDcLower[index] = value & 15;
                arithmeticDcUpper[index] = value >> 4;
                if (arithmeticDcLower[index] > arithmeticDcUpper[index]) {
                    throw JpegFormatException.damaged("arithmetic DC conditioning has L > U");
                }
            }
        }
        if (length != 0) {
            throw JpegFormatException.damaged("the arithmetic conditioning segment has the wrong length");
        }
    }

    private void readApplicationSegment(int marker) throws JpegFormatException {
        int length = input.segmentLength("an application segment");
        if (length <= 0) {
            return;
        }
        byte[] payload = input.readBytes(length, "an application segment");
        if (marker == APP0 && length >= 14 && startsWith(payload, "JFIF\0")) {
            sawJfif = true;
        } else if (marker == APP14 && length >= 12 && startsWith(payload, "Adobe")) {
            adobeTransform = payload[11] & 0xFF;
        }
    }

    private static boolean startsWith(byte[] payload, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.US_ASCII);
        if (payload.length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (payload[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private JpegScan readScan() throws JpegFormatException {
        int length = input.segmentLength("a scan header");
        int count = input.readByte("a scan header");
        if (length != count * 2 + 4 || count < 1 || count > 4) {
            throw JpegFormatException.damaged("a scan header has the wrong length or component count");
        }
        JpegComponent[] components = new JpegComponent[count];
        for (int i = 0; i < count; i++) {
            int id = input.readByte("a scan header");
            int tables = input.readByte("a scan header");
            JpegComponent component = null;
            for (JpegComponent candidate : frame.components) {
                if (candidate.id == id) {
                    component = candidate;
                }
            }
            if (component == null) {
                throw JpegFormatException.damaged("a scan names component " + id + ", which the frame lacks");
            }
            for (int j = 0; j < i; j++) {
                if (components[j] == component) {
                    throw JpegFormatException.damaged("a scan names component " + id + " twice");
                }
            }
            component.dcTable = tables >> 4;
            component.acTable = tables & 15;
            components[i] = component;
        }
        int start = input.readByte("a scan header");
        int end = input.readByte("a scan header");
        int approximation = input.readByte("a scan header");
        return new JpegScan(components, start, end, approximation >> 4, approximation & 15);
    }

    // ----- scans -----

    private void decodeScan(JpegScan scan) throws JpegFormatException {
        for (JpegComponent component : scan.components) {
            if (component.quantTable == null) {
                int[] table = quantTables[component.quantTableSlot];
                if (table == null) {
                    throw JpegFormatException.damaged("component " + component.id + " uses quantisation table "
                            + component.quantTableSlot + ", which is not defined");
                }
                component.quantTable = table.clone();
            }
        }
        scansRead++;
        if (frame.progressive) {
            checkProgression(scan);
            recordProgression(scan);
        }
        int blocksInMcu = 0;
        for (JpegComponent component : scan.components) {
            blocksInMcu += scan.components.length == 1 ? 1
                    : component.horizontalSampling * component.verticalSampling;
        }
        if (blocksInMcu > 10) {
            throw JpegFormatException.damaged("a scan has " + blocksInMcu + " blocks per MCU (at most 10)");
        }
        EntropyDecoder decoder = frame.arithmetic ? arithmeticDecoder(scan) : huffmanDecoder(scan);
        JpegComponent[] blocks = new JpegComponent[blocksInMcu];
        int[] offsets = new int[blocksInMcu];
        boolean interleaved = scan.components.length > 1;
        int mcusPerLine = interleaved ? frame.mcusPerLine : scan.components[0].widthInBlocks;
        int mcuRows = interleaved ? frame.mcuRows : scan.components[0].heightInBlocks;
        int restartsToGo = restartInterval;
        int nextRestart = 0;
        for (int mcuRow = 0; mcuRow < mcuRows; mcuRow++) {
            for (int mcuColumn = 0; mcuColumn < mcusPerLine; mcuColumn++) {
                if (restartInterval > 0) {
                    if (restartsToGo == 0) {
                        decoder.restart(nextRestart);
                        nextRestart = (nextRestart + 1) & 7;
                        restartsToGo = restartInterval;
                    }
                    restartsToGo--;
                }
                int b = 0;
                for (JpegComponent component : scan.components) {
                    if (!interleaved) {
                        blocks[b] = component;
                        offsets[b++] = component.blockOffset(mcuRow, mcuColumn);
                        continue;
                    }
                    for (int v = 0; v < component.verticalSampling; v++) {
                        for (int h = 0; h < component.horizontalSampling; h++) {
                            blocks[b] = component;
                            offsets[b++] = component.blockOffset(mcuRow * component.verticalSampling + v,
                                    mcuColumn * component.horizontalSampling + h);
                        }
                    }
                }
                if (!input.insufficientData()) {
                    lastGoodRow = interleaved ? mcuRow : mcuRow / scan.components[0].verticalSampling;
                }
                decoder.decodeMcu(blocks, offsets, b);
            }
        }
    }

    private void checkProgression(JpegScan scan) throws JpegFormatException {
        boolean bad;
        if (scan.spectralStart == 0) {
            bad = scan.spectralEnd != 0;
        } else {
            bad = scan.spectralEnd < scan.spectralStart || scan.spectralEnd > 63 || scan.components.length != 1;
        }
        if (scan.approximationHigh != 0 && scan.approximationLow != scan.approximationHigh - 1) {
            bad = true;
        }
        if (bad || scan.approximationLow > 13) {
            throw JpegFormatException.damaged("a progressive scan has invalid parameters (Ss=" + scan.spectralStart
                    + ", Se=" + scan.spectralEnd + ", Ah=" + scan.approximationHigh + ", Al="
                    + scan.approximationLow + ")");
        }
    }

    /** Notes which coefficients the scan refines to which precision (libjpeg's coef_bits). */
    private void recordProgression(JpegScan scan) {
        for (JpegComponent component : scan.components) {
            int[] bits = coefficientBits[component.index];
            int[] previous = previousCoefficientBits[component.index];
            for (int k = Math.min(scan.spectralStart, 1); k <= 9; k++) {
                previous[k] = scansRead > 1 ? bits[k] : 0;
            }
            for (int k = scan.spectralStart; k <= scan.spectralEnd; k++) {
                bits[k] = scan.approximationLow;
            }
        }
    }

    private EntropyDecoder huffmanDecoder(JpegScan scan) throws JpegFormatException {
        HuffmanTable[] dc = new HuffmanTable[16];
        HuffmanTable[] ac = new HuffmanTable[16];
        boolean dcScan = !frame.progressive || scan.spectralStart == 0;
        boolean needsDc = !frame.progressive || scan.spectralStart == 0 && scan.approximationHigh == 0;
        boolean needsAc = !frame.progressive || scan.spectralStart != 0;
        for (JpegComponent component : scan.components) {
            if (needsDc) {
                dc[component.dcTable] = table(dcHuffman, component.dcTable, true);
            }
            if (needsAc) {
                ac[component.acTable] = table(acHuffman, component.acTable, false);
            }
        }
        if (!dcScan && scan.components.length != 1) {
            throw JpegFormatException.damaged("an AC scan codes more than one component");
        }
        return new HuffmanDecoder(input, scan, frame.progressive, frame.components.length, dc, ac);
    }

    private HuffmanTable table(int[][][] slots, int slot, boolean dc) throws JpegFormatException {
        int[][] spec = slot < 4 ? slots[slot] : null;
        if (spec == null && !frame.progressive && slot < 2) {
            spec = StandardHuffmanTables.table(dc, slot);
        }
        if (spec == null) {
            throw JpegFormatException.damaged("a scan uses " + (dc ? "DC" : "AC") + " Huffman table " + slot
                    + ", which is not defined");
        }
        return new HuffmanTable(spec[0], spec[1], dc);
    }

    private EntropyDecoder arithmeticDecoder(JpegScan scan) throws JpegFormatException {
        for (JpegComponent component : scan.components) {
            if (component.dcTable > 15 || component.acTable > 15) {
                throw JpegFormatException.damaged("a scan names an arithmetic table above 15");
            }
        }
        return new ArithmeticDecoder(input, scan, frame.progressive, frame.components.length, arithmeticDcLower,
                arithmeticDcUpper, arithmeticAcK);
    }

    // ----- output -----

    private byte[] output() throws JpegFormatException {
        JpegColor space = colorSpace();
        int width = frame.width;
        int height = frame.height;
        int count = frame.components.length;
        boolean smoothing = smoothingUseful();
        Upsampler[] upsamplers = new Upsampler[count];
        InverseDct idct = new InverseDct();
        short[] workspace = new short[64];
        int[] neighbourRows = new int[5];
        for (int c = 0; c < count; c++) {
            JpegComponent component = frame.components[c];
            int stride = component.widthInBlocks * 8;
            byte[] plane = new byte[Math.multiplyExact(stride, component.heightInBlocks * 8)];
            int[] multipliers = new int[64];
            if (component.quantTable != null) {
                for (int i = 0; i < 64; i++) {
                    multipliers[i] = (short) component.quantTable[i];
                }
            }
            BlockSmoothing current = smoothing ? new BlockSmoothing(component, latchedBits(c, false)) : null;
            BlockSmoothing incomplete = smoothing ? new BlockSmoothing(component, latchedBits(c, true)) : null;
            int v = component.verticalSampling;
            int iMcuRows = frame.mcuRows;
            for (int row = 0; row < component.heightInBlocks; row++) {
                int iMcuRow = row / v;
                BlockSmoothing smoother = iMcuRow > lastGoodRow ? incomplete : current;
                if (smoother != null) {
                    neighbourRows(component, row, iMcuRow, iMcuRows, neighbourRows);
                }
                for (int column = 0; column < component.widthInBlocks; column++) {
                    int out = row * 8 * stride + column * 8;
                    if (smoother == null) {
                        idct.transform(component.coefficients, component.blockOffset(row, column), multipliers,
                                plane, out, stride);
                    } else {
                        smoother.smooth(row, column, neighbourRows, workspace);
                        idct.transform(workspace, 0, multipliers, plane, out, stride);
                    }
                }
            }
            component.coefficients = null;
            upsamplers[c] = new Upsampler(component, frame, plane, stride);
        }
        int rowLength = frame.mcusPerLine * frame.maxHorizontalSampling * 8;
        int[][] rows = new int[count][rowLength];
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        for (int y = 0; y < height; y++) {
            for (int c = 0; c < count; c++) {
                upsamplers[c].row(y, rows[c], width);
            }
            space.convertRow(rows, width, rgb, y * width * 3);
        }
        return rgb;
    }

    /**
     * Whether libjpeg-turbo smooths this image (smoothing_ok): progressive, every component with DC data and
     * usable quantisers, and some of the first nine AC coefficients of some component not known exactly.
     */
    private boolean smoothingUseful() {
        if (!frame.progressive) {
            return false;
        }
        boolean useful = false;
        for (JpegComponent component : frame.components) {
            int[] bits = coefficientBits[component.index];
            if (!BlockSmoothing.possible(component, bits[0])) {
                return false;
            }
            for (int k = 1; k <= 9; k++) {
                useful |= bits[k] != 0;
            }
        }
        return useful;
    }

    /**
     * The coefficient precision smoothing works with: the latest, or for rows the last scan did not reach the
     * precision before that scan.
     */
    private int[] latchedBits(int component, boolean beforeLatestScan) {
        int[] latched = new int[10];
        for (int k = 1; k <= 9; k++) {
            latched[k] = !beforeLatestScan ? coefficientBits[component][k]
                    : scansRead > 1 ? previousCoefficientBits[component][k] : -1;
        }
        return latched;
    }

    /**
     * The block rows whose DC values neighbour block row {@code row}: two above, itself, two below, chosen as
     * libjpeg-turbo 2.1 chooses them from the block's place in its iMCU row. Its tests are per iMCU row, so with
     * two block rows per iMCU row the rows two above the second iMCU row and two below the second-to-last one are
     * taken as the nearer row.
     */
    private static void neighbourRows(JpegComponent component, int row, int iMcuRow, int iMcuRows, int[] rows) {
        int v = component.verticalSampling;
        int blockRows = v;
        if (iMcuRow == iMcuRows - 1) {
            blockRows = component.heightInBlocks % v == 0 ? v : component.heightInBlocks % v;
        }
        int blockRow = row % v;
        int lastIMcuRow = iMcuRows - 1;
        rows[2] = row;
        rows[1] = blockRow > 0 || iMcuRow > 0 ? row - 1 : row;
        rows[0] = blockRow > 1 || iMcuRow > 1 ? row - 2 : rows[1];
        rows[3] = blockRow < blockRows - 1 || iMcuRow < lastIMcuRow ? row + 1 : row;
        rows[4] = blockRow < blockRows - 2 || iMcuRow + 1 < lastIMcuRow ? row + 2 : rows[3];
    }

    /** libjpeg's choice of the colour space the samples are in (jdapimin.c default_decompress_parms). */
    private JpegColor colorSpace() {
        JpegComponent[] components = frame.components;
        if (components.length == 1) {
            return JpegColor.GRAY;
        }
        if (components.length == 3) {
            if (sawJfif) {
                return JpegColor.YCBCR;
            }
            if (adobeTransform >= 0) {
                return adobeTransform == 0 ? JpegColor.RGB : JpegColor.YCBCR;
            }
            if (components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B') {
                return JpegColor.RGB;
            }
            return JpegColor.YCBCR;
        }
        return adobeTransform < 0 || adobeTransform == 0 ? JpegColor.CMYK : JpegColor.YCCK;
    }
}
