package org.alphaclip.core.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImagePreprocessorTest {

    private static final ImageFileReader READER = new ImageFileReader(100_000_000);
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(ReferenceFixtures.preprocessing());

    static Stream<String> imageNames() {
        return ReferenceFixtures.images().stream().map(i -> i.get("name").getAsString());
    }

    @ParameterizedTest
    @MethodSource("imageNames")
    void cropIsByteIdenticalToTheOfficialCrop(String name) throws InvalidImageException {
        JsonObject facts = ReferenceFixtures.image(name);
        PreprocessedImage result = PREPROCESSOR.preprocess(READER.readImage(ReferenceFixtures.file(facts.get("file")
                .getAsString())));
        RgbImage official = READER.readImage(ReferenceFixtures.file(facts.get("resized_cropped_png").getAsString()));

        int differing = 0;
        for (int i = 0; i < official.rgb().length; i++) {
            if (official.rgb()[i] != result.crop()[i]) {
                differing++;
            }
        }
        assertEquals(0, differing, name + ": bytes differing from the official crop");
    }

    @ParameterizedTest
    @MethodSource("imageNames")
    void tensorIsBitExact(String name) throws InvalidImageException {
        JsonObject facts = ReferenceFixtures.image(name);
        PreprocessedImage result = PREPROCESSOR.preprocess(READER.readImage(ReferenceFixtures.file(facts.get("file")
                .getAsString())));

        assertEquals(facts.get("tensor_sha256").getAsString(), ReferenceFixtures.sha256(result.pixelValues()), name);
    }

    static Stream<String> imagesWithPixelValues() {
        return ReferenceFixtures.images().stream().filter(i -> i.has("pixel_values_array") && !i.get("pixel_values_array")
                .isJsonNull()).map(i -> i.get("name").getAsString());
    }

    @ParameterizedTest
    @MethodSource("imagesWithPixelValues")
    void tensorEqualsTheOfficialPixelValuesArray(String name) throws InvalidImageException {
        JsonObject facts = ReferenceFixtures.image(name);
        PreprocessedImage result = PREPROCESSOR.preprocess(READER.readImage(ReferenceFixtures.file(facts.get("file")
                .getAsString())));

        assertArrayEquals(ReferenceFixtures.floatArray(facts.get("pixel_values_array").getAsString()), result.pixelValues(),
                name);
    }

    @ParameterizedTest
    @MethodSource("imageNames")
    void geometryMatchesTheOfficialResizeAndCrop(String name) {
        JsonObject facts = ReferenceFixtures.image(name);
        JsonArray size = facts.getAsJsonArray("size_wh");
        CropGeometry geometry = PREPROCESSOR.geometry(size.get(0).getAsInt(), size.get(1).getAsInt());

        JsonArray resized = facts.getAsJsonArray("resize_to_wh");
        JsonArray topLeft = facts.getAsJsonArray("crop_top_left");
        assertEquals(resized.get(0).getAsInt(), geometry.resizedWidth(), name);
        assertEquals(resized.get(1).getAsInt(), geometry.resizedHeight(), name);
        assertEquals(topLeft.get(0).getAsInt(), geometry.cropTop(), name);
        assertEquals(topLeft.get(1).getAsInt(), geometry.cropLeft(), name);
    }

    @Test
    void longSideIsTruncatedAndHalfOffsetsRoundToEven() {
        CropGeometry geometry = CropGeometry.shortestSideCenterCrop(1000, 667, 224);

        assertEquals(335, geometry.resizedWidth());
        assertEquals(224, geometry.resizedHeight());
        assertEquals(56, geometry.cropLeft());
        assertEquals(0, geometry.cropTop());
        assertEquals(30, CropGeometry.shortestSideCenterCrop(416, 530, 224).cropTop());
    }

    @Test
    void squareImageOfTheResolutionIsUnchanged() {
        byte[] rgb = new byte[8 * 8 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
        }
        Preprocessing eight = withResolution(8, "bicubic");

        PreprocessedImage result = new ImagePreprocessor(eight).preprocess(new RgbImage(8, 8, rgb, null));

        assertArrayEquals(rgb, result.crop());
        assertEquals(3 * 8 * 8, result.pixelValues().length);
    }

    @Test
    void unsupportedInterpolationIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ImagePreprocessor(withResolution(224, "bilinear")));

        assertTrue(error.getMessage().contains("interpolation 'bilinear'"), error.getMessage());
    }

    private static Preprocessing withResolution(int resolution, String interpolation) {
        Preprocessing p = ReferenceFixtures.preprocessing();
        return new Preprocessing(resolution, p.resize(), interpolation, p.crop(), p.mean(), p.std(), p.alphaMean(),
                p.alphaStd());
    }
}
