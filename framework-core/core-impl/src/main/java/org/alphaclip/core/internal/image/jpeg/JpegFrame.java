package org.alphaclip.core.internal.image.jpeg;

/** A frame header (SOF): the image size, the coding process and the MCU grid of interleaved scans. */
final class JpegFrame {

    final int width;
    final int height;
    final boolean progressive;
    final boolean arithmetic;
    final int maxHorizontalSampling;
    final int maxVerticalSampling;
    final int mcusPerLine;
    final int mcuRows;
    final JpegComponent[] components;

    JpegFrame(int width, int height, boolean progressive, boolean arithmetic, int[][] componentSpecs) {
        this.width = width;
        this.height = height;
        this.progressive = progressive;
        this.arithmetic = arithmetic;
        int maxH = 1;
        int maxV = 1;
        for (int[] spec : componentSpecs) {
            maxH = Math.max(maxH, spec[1]);
            maxV = Math.max(maxV, spec[2]);
        }
        this.maxHorizontalSampling = maxH;
        this.maxVerticalSampling = maxV;
        this.mcusPerLine = JpegComponent.ceilDiv(width, 8L * maxH);
        this.mcuRows = JpegComponent.ceilDiv(height, 8L * maxV);
        this.components = new JpegComponent[componentSpecs.length];
        for (int i = 0; i < componentSpecs.length; i++) {
            int[] spec = componentSpecs[i];
            components[i] = new JpegComponent(spec[0], i, spec[1], spec[2], spec[3], this);
        }
    }
}
