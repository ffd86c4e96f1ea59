package org.alphaclip.core.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import com.google.gson.JsonObject;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageFileReaderTest {

    private static final ImageFileReader READER = new ImageFileReader(100_000_000);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @TempDir
    Path dir;

    static Stream<String> imageNames() {
        return ReferenceFixtures.images().stream().map(i -> i.get("name").getAsString());
    }

    static Stream<String> maskNames() {
        return ReferenceFixtures.masks().stream().map(m -> m.get("name").getAsString());
    }

    @ParameterizedTest
    @MethodSource("imageNames")
    void decodesFixtureImagesToPillowsRgbBytes(String name) throws InvalidImageException {
        JsonObject facts = ReferenceFixtures.image(name);

        RgbImage image = READER.readImage(ReferenceFixtures.file(facts.get("file").getAsString()));

        assertEquals(facts.getAsJsonArray("size_wh").get(0).getAsInt(), image.width(), name);
        assertEquals(facts.getAsJsonArray("size_wh").get(1).getAsInt(), image.height(), name);
        assertEquals(facts.get("decoded_rgb_sha256").getAsString(), ReferenceFixtures.sha256(image.rgb()), name);
        assertEquals(facts.get("pil_mode").getAsString().equals("RGBA"), image.hasAlpha(), name);
    }

    @ParameterizedTest
    @MethodSource("maskNames")
    void fixtureMasksHaveTheOfficialForegroundFraction(String name) throws InvalidImageException {
        JsonObject facts = ReferenceFixtures.masks().stream().filter(m -> m.get("name").getAsString().equals(name))
                .findFirst().orElseThrow();

        GrayImage mask = READER.readMask(ReferenceFixtures.file(facts.get("file").getAsString()));

        long foreground = 0;
        for (byte v : mask.values()) {
            foreground += (v & 0xFF) == 255 ? 1 : 0;
        }
        assertEquals(facts.getAsJsonArray("mask_size_wh").get(0).getAsInt(), mask.width(), name);
        assertEquals(facts.get("foreground_fraction").getAsDouble(), (double) foreground / mask.values().length, 1e-12,
                name);
    }

    @Test
    void declaredSizeAboveTheCapIsRefusedBeforeDecoding() throws IOException {
        Path file = write("bomb.png", pngHeaderOnly(30000, 30000));

        InvalidImageException error = assertThrows(InvalidImageException.class, () -> READER.readImage(file));

        assertEquals(file + ": 30000x30000 = 900000000 pixels exceeds the limit of 100000000 decoded pixels"
                + " (alphaclip.maxPixels)", error.getMessage());
    }

    @Test
    void capAppliesToRealImagesAndMasks() {
        ImageFileReader small = new ImageFileReader(1000);
        JsonObject facts = firstImageWithSignature(JPEG_SIGNATURE);
        int width = facts.getAsJsonArray("size_wh").get(0).getAsInt();
        int height = facts.getAsJsonArray("size_wh").get(1).getAsInt();
        Path jpeg = ReferenceFixtures.file(facts.get("file").getAsString());

        InvalidImageException error = assertThrows(InvalidImageException.class, () -> small.readMask(jpeg));

        assertTrue(error.getMessage().contains(width + "x" + height + " = " + (long) width * height
                + " pixels exceeds the limit of 1000"), error.getMessage());
        assertEquals(1000, small.maxPixels());
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = write("empty.png", new byte[0]);

        assertEquals(file + ": is empty (0 bytes)", refusal(file));
    }

    @Test
    void garbageIsRefused() throws IOException {
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        Path file = write("noise.jpg", noise);
        Path text = write("notes.png", "not an image at all\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(file + ": is not an image in a supported format (PNG, JPEG, GIF, BMP, TIFF or lossless WebP)",
                refusal(file));
        assertEquals(text + ": is not an image in a supported format (PNG, JPEG, GIF, BMP, TIFF or lossless WebP)",
                refusal(text));
    }

    @Test
    void truncatedPngIsRefused() throws IOException {
        Path file = write("cut.png", half(firstImageWithSignature(PNG_SIGNATURE)));

        String message = refusal(file);

        assertTrue(message.startsWith(file + ": cannot decode the PNG data: the file is truncated"), message);
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        Path file = write("cut.jpg", half(firstImageWithSignature(JPEG_SIGNATURE)));

        String message = refusal(file);

        assertTrue(message.startsWith(file + ": is truncated or damaged"), message);
    }

    @Test
    void headerWithoutPixelsOrWithZeroWidthIsRefused() throws IOException {
        Path noPixels = write("header.png", pngHeaderOnly(10, 10));
        Path zeroWidth = write("zero.png", pngHeaderOnly(0, 10));

        for (Path file : new Path[] {noPixels, zeroWidth}) {
            String message = refusal(file);
            assertTrue(message.startsWith(file + ": cannot decode the PNG data"), message);
        }
    }

    @Test
    void missingFilesAndDirectoriesAreRefused() {
        Path missing = dir.resolve("nothing.png");

        assertEquals(missing + ": does not exist", refusal(missing));
        assertEquals(dir + ": is not a regular file", refusal(dir));
    }

    @Test
    void lossyWebPIsRefusedWithTheWayToPillowsPixels() throws IOException {
        Path file = write("photo.webp", Files.readAllBytes(corpus("cwebp.webp")));

        String message = refusal(file);

        assertTrue(message.startsWith(file + ": is a lossy WebP image; this reader decodes lossless still WebP only"),
                message);
        assertTrue(message.contains("dwebp"), message);
    }

    @Test
    void jpegProcessesLibjpegTurboCannotDecodeAreRefusedByName() throws IOException {
        byte[] baseline = Files.readAllBytes(corpus("cjpeg-420.jpg"));
        int frame = indexOf(baseline, (byte) 0xFF, (byte) 0xC0);
        byte[] lossless = baseline.clone();
        lossless[frame + 1] = (byte) 0xC3;
        byte[] twelveBit = baseline.clone();
        twelveBit[frame + 4] = 12;
        byte[] twoComponents = baseline.clone();
        twoComponents[frame + 9] = 2;

        assertTrue(refusal(write("lossless.jpg", lossless)).contains(": is lossless JPEG, which libjpeg-turbo 2.1"));
        assertTrue(refusal(write("deep.jpg", twelveBit)).contains(": has 12-bit samples"));
        assertTrue(refusal(write("two.jpg", twoComponents)).contains(": has 2 colour components; Pillow reads JPEG"
                + " files with 1, 3 or 4"));
    }

    @Test
    void bmpVariantsPillowDoesNotReadAreRefusedWithTheReason() throws IOException {
        byte[] rgb565 = Files.readAllBytes(corpus("imageio-565.bmp"));
        byte[] otherMasks = rgb565.clone();
        otherMasks[58] = (byte) 0xC0;
        byte[] jpegInside = rgb565.clone();
        jpegInside[30] = 4;
        byte[] oddHeader = rgb565.clone();
        oddHeader[14] = 52;

        assertEquals(": has a BMP bitfields layout (16 bits, masks F800 7C0 1F 0) that Pillow does not read",
                tail(refusal(write("masks.bmp", otherMasks))));
        assertEquals(": uses BMP compression 4, which Pillow does not read",
                tail(refusal(write("jpeg.bmp", jpegInside))));
        assertEquals(": has a BMP header of 52 bytes, which Pillow does not read (it reads 12, 40, 64, 108 and 124)",
                tail(refusal(write("header.bmp", oddHeader))));
    }

    @Test
    void jpegWithoutItsEndMarkerIsRefusedAsTruncated() throws IOException {
        byte[] baseline = Files.readAllBytes(corpus("cjpeg-420.jpg"));
        Path noEnd = write("no-eoi.jpg", Arrays.copyOf(baseline, baseline.length - 2));

        assertTrue(refusal(noEnd).startsWith(noEnd + ": is truncated or damaged: the JPEG data ends early"),
                refusal(noEnd));
    }

    @Test
    void greyPngKeepsItsStoredValues() throws Exception {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 256; i++) {
            image.getRaster().setSample(i % 16, i / 16, 0, i);
        }
        Path file = save(image, "png", "grey.png");

        RgbImage rgb = READER.readImage(file);
        GrayImage mask = READER.readMask(file);

        for (int i = 0; i < 256; i++) {
            assertEquals(i, rgb.rgb()[i * 3] & 0xFF);
            assertEquals(i, rgb.rgb()[i * 3 + 1] & 0xFF);
            assertEquals(i, rgb.rgb()[i * 3 + 2] & 0xFF);
            assertEquals(i, mask.values()[i] & 0xFF);
        }
        assertNull(rgb.alpha());
    }

    @Test
    void sixteenBitSamplesKeepTheirHighByte() throws Exception {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 0x12FF);
        image.getRaster().setSample(1, 0, 0, 0xFF00);
        Path file = save(image, "png", "grey16.png");

        GrayImage mask = READER.readMask(file);

        assertEquals(0x12, mask.value(0, 0));
        assertEquals(0xFF, mask.value(1, 0));
    }

    @Test
    void paletteImagesGoThroughThePalette() throws Exception {
        byte[] reds = {0, (byte) 255, 10};
        byte[] greens = {0, 0, 20};
        byte[] blues = {0, 0, 30};
        IndexColorModel palette = new IndexColorModel(8, 3, reds, greens, blues);
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        image.getRaster().setPixels(0, 0, 3, 1, new int[] {2, 1, 0});
        Path png = save(image, "png", "palette.png");
        Path gif = save(image, "gif", "palette.gif");

        for (Path file : new Path[] {png, gif}) {
            RgbImage rgb = READER.readImage(file);
            assertArrayEquals(new byte[] {10, 20, 30, (byte) 255, 0, 0, 0, 0, 0}, rgb.rgb(), file.toString());
            assertArrayEquals(new byte[] {10, (byte) 255, 0}, READER.readMask(file).values(), file.toString());
        }
    }

    @Test
    void rgbaKeepsTheColourUnderTransparentPixelsAndTheAlpha() throws Exception {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00FF00FF);
        image.setRGB(1, 0, 0x80102030);
        Path file = save(image, "png", "rgba.png");

        RgbImage rgb = READER.readImage(file);

        assertArrayEquals(new byte[] {(byte) 255, 0, (byte) 255, 0x10, 0x20, 0x30}, rgb.rgb());
        assertArrayEquals(new byte[] {0, (byte) 0x80}, rgb.alpha());
        assertArrayEquals(new byte[] {(byte) 255, 0x10}, READER.readMask(file).values());
    }

    @Test
    void greyWithAlphaReplicatesTheGreyAndKeepsTheAlpha() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixels(0, 0, 2, 1, new int[] {100, 255, 7, 0});
        Path file = save(new BufferedImage(model, raster, false, null), "png", "la.png");

        RgbImage rgb = READER.readImage(file);

        assertArrayEquals(new byte[] {100, 100, 100, 7, 7, 7}, rgb.rgb());
        assertArrayEquals(new byte[] {(byte) 255, 0}, rgb.alpha());
    }

    @Test
    void bmpDecodesToItsRgb() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(0, 0, 0x123456);
        image.setRGB(2, 1, 0xFEDCBA);
        Path file = save(image, "bmp", "image.bmp");

        RgbImage rgb = READER.readImage(file);

        assertEquals(0x12, rgb.rgb()[0]);
        assertEquals(0x56, rgb.rgb()[2]);
        assertEquals((byte) 0xFE, rgb.rgb()[15]);
        assertEquals((byte) 0xBA, rgb.rgb()[17]);
        assertFalse(rgb.hasAlpha());
    }

    private String refusal(Path file) {
        return assertThrows(InvalidImageException.class, () -> READER.readImage(file)).getMessage();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path save(BufferedImage image, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), format);
        return file;
    }

    /** The message after the file name. */
    private String tail(String message) {
        return message.substring(message.indexOf(": "));
    }

    private static Path corpus(String name) {
        return Path.of(ImageFileReaderTest.class.getResource("corpus/" + name).getPath());
    }

    private static int indexOf(byte[] data, byte first, byte second) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == first && data[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    /** The first image of the reference set whose bytes start with this signature, whatever its file name says. */
    private static JsonObject firstImageWithSignature(byte[] signature) {
        for (JsonObject image : ReferenceFixtures.images()) {
            try {
                byte[] bytes = Files.readAllBytes(ReferenceFixtures.file(image.get("file").getAsString()));
                if (bytes.length >= signature.length && Arrays.equals(signature, Arrays.copyOf(bytes, signature.length))) {
                    return image;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("the reference set has no image starting with " + Arrays.toString(signature));
    }

    private static byte[] half(JsonObject image) throws IOException {
        byte[] bytes = Files.readAllBytes(ReferenceFixtures.file(image.get("file").getAsString()));
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    /** A PNG signature and header chunk declaring an 8-bit RGB image of this size, with no pixel data. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(17);
        header.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(header.array());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13});
        png.writeBytes(header.array());
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return png.toByteArray();
    }
}
