package org.alphaclip.sdk.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.alphaclip.sdk.image.PillowResize.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks against images resized by Pillow 9.4 ({@code Image.resize((w, h), Image.BICUBIC)} and
 * {@code Image.BILINEAR}, made by {@code tools/testdata/make_pillow_resize_refs.py}) from a 97x61
 * noise-plus-gradient image, in RGB and in L mode: downscaling both ways, one dimension only (one pass
 * skipped), upscaling, mixed, and down to one pixel. Every byte must be equal.
 */
class PillowResizeTest {

    @ParameterizedTest
    @CsvSource({"BICUBIC, 10, 7", "BICUBIC, 40, 61", "BICUBIC, 97, 20", "BICUBIC, 150, 100", "BICUBIC, 13, 200",
        "BICUBIC, 1, 1", "BILINEAR, 10, 7", "BILINEAR, 40, 61", "BILINEAR, 97, 20", "BILINEAR, 150, 100",
        "BILINEAR, 13, 200", "BILINEAR, 1, 1"})
    void rgbMatchesPillow(Filter filter, int width, int height) throws Exception {
        byte[] source = pixels("pillow_rgb_97x61.png", 3);
        byte[] expected = pixels(reference("rgb", filter, width, height), 3);

        byte[] resized = PillowResize.resize(source, 97, 61, 3, width, height, filter);

        assertEquals(0, differingBytes(expected, resized), filter + " " + width + "x" + height);
    }

    @ParameterizedTest
    @CsvSource({"BICUBIC, 10, 7", "BICUBIC, 40, 61", "BICUBIC, 97, 20", "BICUBIC, 150, 100", "BICUBIC, 13, 200",
        "BICUBIC, 1, 1", "BILINEAR, 10, 7", "BILINEAR, 40, 61", "BILINEAR, 97, 20", "BILINEAR, 150, 100",
        "BILINEAR, 13, 200", "BILINEAR, 1, 1"})
    void singleChannelMatchesPillow(Filter filter, int width, int height) throws Exception {
        byte[] source = pixels("pillow_gray_97x61.png", 1);
        byte[] expected = pixels(reference("gray", filter, width, height), 1);

        byte[] resized = PillowResize.resize(source, 97, 61, 1, width, height, filter);

        assertEquals(0, differingBytes(expected, resized), filter + " " + width + "x" + height);
    }

    @Test
    void theKernelsGiveDifferentResults() throws Exception {
        byte[] source = pixels("pillow_rgb_97x61.png", 3);

        byte[] bicubic = PillowResize.resize(source, 97, 61, 3, 40, 30, Filter.BICUBIC);
        byte[] bilinear = PillowResize.resize(source, 97, 61, 3, 40, 30, Filter.BILINEAR);

        assertEquals(bicubic.length, bilinear.length);
        assertTrue(differingBytes(bicubic, bilinear) > 0, "bicubic and bilinear must differ on noise");
    }

    @Test
    void sameSizeGivesACopy() {
        byte[] pixels = {1, 2, 3, 4, 5, 6};

        byte[] resized = PillowResize.resize(pixels, 2, 1, 3, 2, 1, Filter.BICUBIC);

        assertArrayEquals(pixels, resized);
        assertNotSame(pixels, resized);
    }

    @Test
    void refusesPixelsThatDoNotFitTheSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PillowResize.resize(new byte[5], 2, 1, 3, 4, 4, Filter.BILINEAR));
        assertEquals("Cannot resize 5 bytes as 2x1x3 to 4x4", e.getMessage());
    }

    private static String reference(String source, Filter filter, int width, int height) {
        return "pillow_" + source + "_97x61__" + filter.name().toLowerCase(Locale.ROOT) + "_" + width + "x"
                + height + ".png";
    }

    /** The 8-bit samples of a plain PNG, row-major with the channels interleaved, as Pillow's {@code tobytes()}. */
    private static byte[] pixels(String resource, int channels) throws IOException {
        BufferedImage image;
        try (InputStream in = PillowResizeTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Missing test image " + resource);
            }
            image = ImageIO.read(in);
        }
        Raster raster = image.getRaster();
        assertEquals(channels, raster.getNumBands(), resource);
        byte[] pixels = new byte[image.getWidth() * image.getHeight() * channels];
        int i = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                for (int c = 0; c < channels; c++) {
                    pixels[i++] = (byte) raster.getSample(x, y, c);
                }
            }
        }
        return pixels;
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
}
