package org.alphaclip.core.internal.image.jpeg;

/** One colour component of a frame: its sampling, its coefficient blocks and the tables the current scan uses. */
final class JpegComponent {

    final int id;
    final int index;
    final int horizontalSampling;
    final int verticalSampling;
    final int quantTableSlot;
    /** Blocks holding image data, per row and per column (libjpeg's width/height_in_blocks). */
    final int widthInBlocks;
    final int heightInBlocks;
    /** Blocks stored per row and rows stored: whole MCUs, as interleaved scans code them. */
    final int blocksPerLine;
    final int blockRows;
    /** Samples of image data (libjpeg's downsampled_width/height). */
    final int sampledWidth;
    final int sampledHeight;
    /** The coefficients, 64 per block in natural order, blocks row by row; allocated when decoding starts. */
    short[] coefficients;
    /** The quantisation table latched when the component's first scan started (natural order), or null. */
    int[] quantTable;

    // The current scan's choices.
    int dcTable;
    int acTable;

    JpegComponent(int id, int index, int horizontalSampling, int verticalSampling, int quantTableSlot,
            JpegFrame frame) {
        this.id = id;
        this.index = index;
        this.horizontalSampling = horizontalSampling;
        this.verticalSampling = verticalSampling;
        this.quantTableSlot = quantTableSlot;
        this.widthInBlocks = ceilDiv((long) frame.width * horizontalSampling, 8L * frame.maxHorizontalSampling);
        this.heightInBlocks = ceilDiv((long) frame.height * verticalSampling, 8L * frame.maxVerticalSampling);
        this.blocksPerLine = frame.mcusPerLine * horizontalSampling;
        this.blockRows = frame.mcuRows * verticalSampling;
        this.sampledWidth = ceilDiv((long) frame.width * horizontalSampling, frame.maxHorizontalSampling);
        this.sampledHeight = ceilDiv((long) frame.height * verticalSampling, frame.maxVerticalSampling);
    }

    /** Allocates the (zeroed) coefficient blocks; done once the image size has been accepted. */
    void allocate() {
        coefficients = new short[Math.multiplyExact(Math.multiplyExact(blocksPerLine, blockRows), 64)];
    }

    /** The offset of a block's first coefficient. */
    int blockOffset(int blockRow, int blockColumn) {
        return (blockRow * blocksPerLine + blockColumn) * 64;
    }

    static int ceilDiv(long value, long divisor) {
        return (int) ((value + divisor - 1) / divisor);
    }
}
