package org.alphaclip.core.internal.fuzz;

import org.alphaclip.core.internal.image.jpeg.JpegDecoder;
import org.alphaclip.core.internal.image.jpeg.JpegFormatException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given to the JPEG decoder itself: decoded to width * height * 3 bytes or refused with
 * {@link JpegFormatException}; never another exception (the image reader would turn one into a refusal, which would
 * hide the decoder bug from {@link ImageDecodingFuzzTest}).
 */
class JpegDecoderFuzzTest {

    private static final long MAX_PIXELS = 1_000_000;

    @FuzzTest(maxDuration = "2m")
    void jpegFile(byte[] bytes) {
        try {
            JpegDecoder decoder = new JpegDecoder(bytes);
            if ((long) decoder.width() * decoder.height() > MAX_PIXELS) {
                return;
            }
            byte[] rgb = decoder.decodeRgb();
            if (rgb.length != decoder.width() * decoder.height() * 3) {
                throw new AssertionError("decoded " + rgb.length + " bytes for " + decoder.width() + "x"
                        + decoder.height());
            }
        } catch (JpegFormatException refused) {
            if (refused.getMessage() == null || refused.getMessage().isEmpty()) {
                throw new AssertionError("refusal without a reason");
            }
        }
    }
}
