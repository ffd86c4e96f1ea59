package org.alphaclip.core.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks against images resized by Pillow 9.4 ({@code Image.resize((w, h), Image.BICUBIC)}) from a
 * 97x61 noise-plus-gradient image, in RGB and in L mode: downscaling both ways, one dimension only
 * (one pass skipped), upscaling, mixed, and down to one pixel.
 */
class PillowResizeTest {

    private static final ImageFileReader READER = new ImageFileReader(1_000_000);

    @ParameterizedTest
    @CsvSource({"10, 7", "40, 61", "97, 20", "150, 100", "13, 200", "1, 1"})
    void rgbMatchesPillow(int width, int height) throws Exception {
        RgbImage source = READER.readImage(resource("pillow_rgb_97x61.png"));
        RgbImage expected = READER.readImage(resource("pillow_rgb_97x61__bicubic_" + width + "x" + height + ".png"));

        byte[] resized = PillowResize.resize(source.rgb(), 97, 61, 3, width, height);

        assertEquals(0, differingBytes(expected.rgb(), resized), width + "x" + height);
    }

    @ParameterizedTest
    @CsvSource({"10, 7", "40, 61", "97, 20", "150, 100", "13, 200", "1, 1"})
    void singleChannelMatchesPillow(int width, int height) throws Exception {
        GrayImage source = READER.readMask(resource("pillow_gray_97x61.png"));
        GrayImage expected = READER.readMask(resource("pillow_gray_97x61__bicubic_" + width + "x" + height + ".png"));

        byte[] resized = PillowResize.resize(source.values(), 97, 61, 1, width, height);

        assertEquals(0, differingBytes(expected.values(), resized), width + "x" + height);
    }

    @Test
    void sameSizeGivesACopy() {
        byte[] pixels = {1, 2, 3, 4, 5, 6};

        byte[] resized = PillowResize.resize(pixels, 2, 1, 3, 2, 1);

        assertArrayEquals(pixels, resized);
        assertNotSame(pixels, resized);
    }

    @Test
    void refusesPixelsThatDoNotFitTheSize() {
        assertThrows(IllegalArgumentException.class, () -> PillowResize.resize(new byte[5], 2, 1, 3, 4, 4));
    }

    private static int differingBytes(byte[] expected, byte[] actual) {
        assertEquals(expected.length, actual.length);
        int differing = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                differing++;
            }
        }
        return differing;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PillowResizeTest.class.getResource("/image/" + name).toURI());
    }
}
