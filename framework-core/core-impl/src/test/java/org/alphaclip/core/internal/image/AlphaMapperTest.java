package org.alphaclip.core.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import com.google.gson.JsonObject;

import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.image.ForegroundMap;
import org.alphaclip.sdk.image.RegionRasterizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlphaMapperTest {

    private static final ImageFileReader READER = new ImageFileReader(100_000_000);
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(ReferenceFixtures.preprocessing());
    private static final AlphaMapper MAPPER = new AlphaMapper(ReferenceFixtures.preprocessing());

    static Stream<String> maskNames() {
        return ReferenceFixtures.masks().stream().map(m -> m.get("name").getAsString());
    }

    static Stream<String> cropGeometryMasks() {
        return ReferenceFixtures.masks().stream().filter(m -> m.has("arrays")).map(m -> m.get("name").getAsString());
    }

    @ParameterizedTest
    @MethodSource("maskNames")
    void officialSquashIsBitExact(String name) throws InvalidImageException {
        JsonObject facts = mask(name);

        float[] alpha = alpha(facts, AlphaGeometry.OFFICIAL_SQUASH);

        assertEquals(facts.get("official_alpha_sha256").getAsString(), ReferenceFixtures.sha256(alpha), name);
    }

    @ParameterizedTest
    @MethodSource("cropGeometryMasks")
    void alignedReproducesTheCropGeometryArrays(String name) throws InvalidImageException {
        float[] expected = ReferenceFixtures.floatArray("alpha_cropgeom__" + name);

        float[] alpha = alpha(mask(name), AlphaGeometry.ALIGNED);

        assertEquals(0.0, maxAbsDifference(expected, alpha), name);
        assertArrayEquals(expected, alpha, name);
    }

    @ParameterizedTest
    @MethodSource("cropGeometryMasks")
    void officialSquashReproducesTheOfficialArrays(String name) throws InvalidImageException {
        assertArrayEquals(ReferenceFixtures.floatArray("alpha_official__" + name),
                alpha(mask(name), AlphaGeometry.OFFICIAL_SQUASH), name);
    }

    @Test
    void boxCoveringTheImageGivesTheSameAlphaAsWhole() {
        RgbImage image = new RgbImage(300, 200, new byte[300 * 200 * 3], null);
        CropGeometry geometry = PREPROCESSOR.geometry(300, 200);

        for (AlphaGeometry mode : AlphaGeometry.values()) {
            float[] whole = MAPPER.alpha(RegionRasterizer.rasterizeAtSourceSize(new Region.Whole(), image), mode,
                    geometry);
            float[] box = MAPPER.alpha(RegionRasterizer.rasterizeAtSourceSize(new Region.Box(-5, -5, 400, 300), image),
                    mode, geometry);
            assertArrayEquals(whole, box, mode.name());
        }
    }

    @Test
    void alignedAndOfficialAgreeOnSquareImages() {
        RgbImage image = new RgbImage(300, 300, new byte[300 * 300 * 3], null);
        ForegroundMap map = RegionRasterizer.rasterizeAtSourceSize(new Region.Box(40, 70.5, 210, 180), image);
        CropGeometry geometry = PREPROCESSOR.geometry(300, 300);

        assertArrayEquals(MAPPER.alpha(map, AlphaGeometry.OFFICIAL_SQUASH, geometry),
                MAPPER.alpha(map, AlphaGeometry.ALIGNED, geometry));
    }

    @Test
    void foregroundAndBackgroundNormaliseToPlusAndMinusOnePointNine() {
        RgbImage image = new RgbImage(224, 224, new byte[224 * 224 * 3], null);
        CropGeometry geometry = PREPROCESSOR.geometry(224, 224);

        float[] inside = MAPPER.alpha(RegionRasterizer.rasterizeAtSourceSize(new Region.Whole(), image),
                AlphaGeometry.ALIGNED, geometry);
        float[] outside = MAPPER.alpha(RegionRasterizer.rasterizeAtSourceSize(new Region.Box(0, 0, 1, 1), image),
                AlphaGeometry.ALIGNED, geometry);

        assertEquals((1f - 0.5f) / 0.26f, inside[12345]);
        assertEquals((0f - 0.5f) / 0.26f, outside[12345]);
    }

    private static float[] alpha(JsonObject facts, AlphaGeometry mode) throws InvalidImageException {
        JsonObject imageFacts = ReferenceFixtures.image(facts.get("image").getAsString());
        RgbImage image = READER.readImage(ReferenceFixtures.file(imageFacts.get("file").getAsString()));
        Region region = new Region.Mask(READER.readMask(ReferenceFixtures.file(facts.get("file").getAsString())),
                Region.OFFICIAL_THRESHOLD);
        ForegroundMap map = RegionRasterizer.rasterizeAtSourceSize(region, image);
        return MAPPER.alpha(map, mode, PREPROCESSOR.geometry(image.width(), image.height()));
    }

    private static JsonObject mask(String name) {
        return ReferenceFixtures.masks().stream().filter(m -> m.get("name").getAsString().equals(name)).findFirst()
                .orElseThrow();
    }

    private static double maxAbsDifference(float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }
}
