package org.alphaclip.core.internal.image.jpeg;

/** A scan header (SOS): the components it codes and its spectral selection and successive approximation. */
final class JpegScan {

    final JpegComponent[] components;
    final int spectralStart;
    final int spectralEnd;
    final int approximationHigh;
    final int approximationLow;

    JpegScan(JpegComponent[] components, int spectralStart, int spectralEnd, int approximationHigh,
            int approximationLow) {
        this.components = components;
        this.spectralStart = spectralStart;
        this.spectralEnd = spectralEnd;
        this.approximationHigh = approximationHigh;
        this.approximationLow = approximationLow;
    }
}
