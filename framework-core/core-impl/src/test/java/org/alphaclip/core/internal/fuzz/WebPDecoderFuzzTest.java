package org.alphaclip.core.internal.fuzz;

import org.alphaclip.core.internal.image.webp.WebPFile;
import org.alphaclip.core.internal.image.webp.WebPFormatException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given to the lossless WebP decoder itself: decoded to width * height pixels or refused with
 * {@link WebPFormatException}; never another exception (the image reader would turn one into a refusal, which would
 * hide the decoder bug from {@link ImageDecodingFuzzTest}).
 */
class WebPDecoderFuzzTest {

    private static final long MAX_PIXELS = 1_000_000;

    @FuzzTest(maxDuration = "2m")
    void webpFile(byte[] bytes) {
        try {
            WebPFile webp = new WebPFile(bytes);
            if ((long) webp.width() * webp.height() > MAX_PIXELS) {
                return;
            }
            int[] argb = webp.decodeArgb();
            if (argb.length != webp.width() * webp.height()) {
                throw new AssertionError("decoded " + argb.length + " pixels for " + webp.width() + "x"
                        + webp.height());
            }
        } catch (WebPFormatException refused) {
            if (refused.getMessage() == null || refused.getMessage().isEmpty()) {
                throw new AssertionError("refusal without a reason");
            }
        }
    }
}
