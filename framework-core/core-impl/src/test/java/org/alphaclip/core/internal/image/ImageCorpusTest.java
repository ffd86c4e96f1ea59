package org.alphaclip.core.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the decoding corpus ({@code tools/testdata/make_image_corpus.py}: pictures written by cjpeg,
 * jpegtran, ImageMagick, Pillow, ImageIO, cwebp, tiffcp and by hand-made byte changes) decodes to the RGB bytes of
 * Pillow's {@code Image.open(f).convert("RGB")}, its alpha to that of {@code convert("RGBA")}, its mask to the
 * first channel; files Pillow refuses are refused.
 */
class ImageCorpusTest {

    private static final Path CORPUS = corpusFolder();
    private static final ImageFileReader READER = new ImageFileReader(100_000_000);

    /**
     * The largest difference (0..255, any sample) allowed where bit-equality with Pillow is impossible, measured
     * over this corpus; every other file must be bit-equal.
     */
    private static final Map<String, Integer> MEASURED_WORST_DIFFERENCE = Map.of();

    /**
     * Files Pillow reads that this reader refuses on purpose, with the words its refusal starts with: lossy and
     * animated WebP (no Java decoder gives libwebp's pixels; the refusal says how to get them).
     */
    private static final Map<String, String> REFUSED_ON_PURPOSE = Map.of(
            "magick.webp", "is a lossy WebP image", "pillow.webp", "is a lossy WebP image",
            "pillow-alpha.webp", "is a lossy WebP image", "cwebp.webp", "is a lossy WebP image",
            "cwebp-alpha.webp", "is a lossy WebP image", "cwebp-sharp-yuv.webp", "is a lossy WebP image",
            "magick-animated.webp", "is an animated WebP image");

    static Stream<String> files() {
        return entries().stream().map(e -> e.get("file").getAsString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void decodesAsPillowConvertsToRgb(String name) throws InvalidImageException {
        JsonObject entry = entry(name);
        Path file = CORPUS.resolve(name);
        if (entry.has("pillow_error")) {
            InvalidImageException error = assertThrows(InvalidImageException.class, () -> READER.readImage(file),
                    name + ": Pillow refuses it (" + entry.get("pillow_error").getAsString() + ")");
            assertTrue(error.getMessage().startsWith(file + ": "), error.getMessage());
            return;
        }
        if (REFUSED_ON_PURPOSE.containsKey(name)) {
            InvalidImageException error = assertThrows(InvalidImageException.class, () -> READER.readImage(file));
            assertTrue(error.getMessage().startsWith(file + ": " + REFUSED_ON_PURPOSE.get(name)), error.getMessage());
            return;
        }
        int width = entry.getAsJsonArray("size").get(0).getAsInt();
        int height = entry.getAsJsonArray("size").get(1).getAsInt();

        RgbImage image = READER.readImage(file);

        assertEquals(width, image.width(), name + " width");
        assertEquals(height, image.height(), name + " height");
        byte[] expected = bytes(entry.get("reference").getAsString());
        int allowed = MEASURED_WORST_DIFFERENCE.getOrDefault(name, 0);
        int worst = worstDifference(expected, image.rgb());
        assertTrue(worst <= allowed, name + ": differs from Pillow by up to " + worst + " (allowed " + allowed + ")");
        if (entry.has("alpha")) {
            assertNotNull(image.alpha(), name + " has alpha in Pillow");
            assertArrayEquals(bytes(entry.get("alpha").getAsString()), image.alpha(), name + " alpha");
        } else {
            assertEquals(null, image.alpha(), name + " has no alpha in Pillow");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void masksAreTheFirstChannel(String name) throws InvalidImageException {
        JsonObject entry = entry(name);
        if (entry.has("pillow_error") || REFUSED_ON_PURPOSE.containsKey(name)) {
            return;
        }
        Path file = CORPUS.resolve(name);

        GrayImage mask = READER.readMask(file);

        byte[] expected;
        if (entry.has("mask")) {
            expected = bytes(entry.get("mask").getAsString());
        } else {
            byte[] rgb = READER.readImage(file).rgb();
            expected = new byte[rgb.length / 3];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = rgb[i * 3];
            }
        }
        assertArrayEquals(expected, mask.values(), name);
    }

    static Stream<String> orientedFiles() {
        return entries().stream().filter(e -> e.has("exif_orientation")).map(e -> e.get("file").getAsString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orientedFiles")
    void exifOrientationTurnsTheImageOnlyWhenAskedTo(String name) throws InvalidImageException {
        JsonObject entry = entry(name);
        Path file = CORPUS.resolve(name);
        ImageFileReader turning = new ImageFileReader(100_000_000, true);

        RgbImage asStored = READER.readImage(file);
        RgbImage turned = turning.readImage(file);
        GrayImage turnedMask = turning.readMask(file);

        assertArrayEquals(bytes(entry.get("reference").getAsString()), asStored.rgb(), name + " as stored");
        assertEquals(entry.getAsJsonArray("transposed_size").get(0).getAsInt(), turned.width(), name);
        assertEquals(entry.getAsJsonArray("transposed_size").get(1).getAsInt(), turned.height(), name);
        byte[] expected = bytes(name + ".transposed.rgb");
        assertArrayEquals(expected, turned.rgb(), name + " turned as Pillow's exif_transpose");
        assertEquals(turned.width(), turnedMask.width());
        assertEquals(expected[3], turnedMask.values()[1], name + " mask turned with the image");
    }

    @Test
    void everyExifOrientationAndEveryExifCarrierIsInTheCorpus() {
        List<JsonObject> oriented = entries().stream().filter(e -> e.has("exif_orientation")).toList();

        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), oriented.stream().map(e -> e.get("exif_orientation").getAsInt())
                .distinct().sorted().toList());
        assertEquals(List.of("jpg", "png", "webp"), oriented.stream().map(e -> e.get("file").getAsString())
                .map(f -> f.substring(f.lastIndexOf('.') + 1)).distinct().sorted().toList());
    }

    @Test
    void corpusCoversEveryEncoderAndFormat() {
        List<String> encoders = new ArrayList<>();
        for (JsonObject entry : entries()) {
            String encoder = entry.get("encoder").getAsString().split(" ")[0];
            if (!encoders.contains(encoder)) {
                encoders.add(encoder);
            }
        }
        assertEquals(List.of("cjpeg", "ImageMagick", "Pillow", "jpegtran", "ImageIO", "cwebp", "tiffcp", "edited"),
                encoders);
    }

    private static int worstDifference(byte[] expected, byte[] actual) {
        assertEquals(expected.length, actual.length);
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF)));
        }
        return worst;
    }

    private static JsonObject entry(String name) {
        return entries().stream().filter(e -> e.get("file").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static List<JsonObject> entries() {
        try {
            JsonObject corpus = JsonParser.parseString(Files.readString(CORPUS.resolve("corpus.json")))
                    .getAsJsonObject();
            List<JsonObject> entries = new ArrayList<>();
            for (JsonElement element : corpus.getAsJsonArray("files")) {
                entries.add(element.getAsJsonObject());
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(CORPUS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path corpusFolder() {
        try {
            return Path.of(ImageCorpusTest.class.getResource("corpus/corpus.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
