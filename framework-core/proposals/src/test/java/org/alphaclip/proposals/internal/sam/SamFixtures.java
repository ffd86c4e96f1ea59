package org.alphaclip.proposals.internal.sam;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.sdk.io.FileDigests;
import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The official segment-anything reference set under the fixture root ({@link FixtureSets}): facts.json, the
 * index.json arrays, the input images, and a SAM package made from its ONNX graphs.
 */
final class SamFixtures {

    static final Path DIR = FixtureSets.set("sam-reference");

    private static JsonObject facts;
    private static JsonObject index;

    private SamFixtures() {
    }

    static synchronized JsonObject facts() {
        if (facts == null) {
            facts = json(DIR.resolve("facts.json"));
        }
        return facts;
    }

    static JsonObject config() {
        return json(DIR.resolve("config.json"));
    }

    static List<JsonObject> list(String key) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : facts().getAsJsonArray(key)) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    static JsonObject image(String name) {
        return list("images").stream().filter(i -> i.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    static boolean hasArray(String name) {
        return index().has(name);
    }

    static float[] floats(String name) {
        ByteBuffer bytes = ByteBuffer.wrap(arrayBytes(name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /** A packed boolean array (np.packbits, big bit order) as booleans. */
    static boolean[] bits(String name) {
        JsonObject entry = index().getAsJsonObject(name);
        long count = 1;
        for (JsonElement d : entry.getAsJsonArray("shape")) {
            count *= d.getAsLong();
        }
        byte[] packed = arrayBytes(name);
        boolean[] out = new boolean[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = (packed[i >> 3] & (0x80 >> (i & 7))) != 0;
        }
        return out;
    }

    static long[] shape(String name) {
        JsonArray dims = index().getAsJsonObject(name).getAsJsonArray("shape");
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).getAsLong();
        }
        return out;
    }

    /** {@code inputs/<stem>__rgb.png}: the official RGB bytes. */
    static RgbImage rgb(String stem) {
        return readRgb(DIR.resolve("inputs").resolve(stem + "__rgb.png"));
    }

    static RgbImage readRgb(Path file) {
        try {
            BufferedImage picture = ImageIO.read(file.toFile());
            Raster raster = picture.getRaster();
            int w = picture.getWidth();
            int h = picture.getHeight();
            byte[] rgb = new byte[w * h * 3];
            int[] pixel = new int[raster.getNumBands()];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, pixel);
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * w + x) * 3 + c] = (byte) pixel[c];
                    }
                }
            }
            return new RgbImage(w, h, rgb, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stem(String imageName) {
        return imageName.substring(0, imageName.lastIndexOf('.'));
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    /**
     * Writes a SAM package of the fixture's graphs into {@code dir}: the encoder and the multimask decoder,
     * with the manifest export_sam.py writes.
     */
    static Path writePackage(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(DIR.resolve("onnx/sam_image_encoder.onnx"), dir.resolve("encoder.onnx"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(DIR.resolve("onnx/sam_decoder_multi.onnx"), dir.resolve("decoder.onnx"), StandardCopyOption.REPLACE_EXISTING);
        JsonObject config = config();
        JsonObject manifest = new JsonObject();
        manifest.addProperty("format", SamPackage.FORMAT);
        manifest.addProperty("formatVersion", 1);
        manifest.addProperty("name", "sam-tiny-fixture");
        manifest.addProperty("description", "segment-anything reference fixture (tiny random model)");
        JsonObject preprocessing = new JsonObject();
        preprocessing.addProperty("resize", "longest-side");
        preprocessing.addProperty("interpolation", "bilinear");
        preprocessing.addProperty("inputSize", config.get("image_size").getAsInt());
        preprocessing.add("pixelMean", config.get("pixel_mean"));
        preprocessing.add("pixelStd", config.get("pixel_std"));
        manifest.add("preprocessing", preprocessing);
        manifest.addProperty("maskThreshold", config.get("mask_threshold").getAsDouble());
        JsonObject graphs = new JsonObject();
        JsonObject encoder = new JsonObject();
        encoder.addProperty("file", "encoder.onnx");
        JsonObject decoder = new JsonObject();
        decoder.addProperty("file", "decoder.onnx");
        graphs.add("encoder", encoder);
        graphs.add("decoder", decoder);
        manifest.add("graphs", graphs);
        JsonObject files = new JsonObject();
        for (String name : List.of("encoder.onnx", "decoder.onnx")) {
            JsonObject entry = new JsonObject();
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            entry.addProperty("sha256", FileDigests.sha256(bytes));
            entry.addProperty("bytes", bytes.length);
            files.add(name, entry);
        }
        manifest.add("files", files);
        Files.writeString(dir.resolve(SamPackage.MANIFEST), new GsonBuilder().setPrettyPrinting().create().toJson(manifest),
                StandardCharsets.UTF_8);
        return dir;
    }

    private static synchronized JsonObject index() {
        if (index == null) {
            index = json(DIR.resolve("index.json"));
        }
        return index;
    }

    private static byte[] arrayBytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(index().getAsJsonObject(name).get("file").getAsString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject json(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
