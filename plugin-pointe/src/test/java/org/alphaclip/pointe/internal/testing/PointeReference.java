package org.alphaclip.pointe.internal.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A pointe-reference set: {@code index.json} lists each array's file, dtype ({@code float32}, {@code float64},
 * {@code int64}, {@code float16}, {@code uint8}) and shape (raw little-endian, C order); {@code config.json} and
 * {@code facts.json} hold every setting.
 */
public final class PointeReference {

    private final Path folder;
    private final JsonObject index;
    private final JsonObject config;
    private final JsonObject facts;

    private PointeReference(Path folder) throws IOException {
        this.folder = folder;
        this.index = read(folder.resolve("index.json"));
        this.config = read(folder.resolve("config.json"));
        this.facts = read(folder.resolve("facts.json"));
    }

    /** The set under the fixture root. */
    public static PointeReference load() throws IOException {
        return new PointeReference(FixtureSets.set("pointe-reference"));
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** The set's folder. */
    public Path folder() {
        return folder;
    }

    /** config.json. */
    public JsonObject config() {
        return config;
    }

    /** facts.json. */
    public JsonObject facts() {
        return facts;
    }

    /** An array's shape. */
    public long[] shape(String name) {
        var dims = entry(name).getAsJsonArray("shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsLong();
        }
        return shape;
    }

    /** An array as float32 (float16, float64, int64 and uint8 converted). */
    public float[] floats(String name) throws IOException {
        double[] values = doubles(name);
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** An array as a float tensor of its shape. */
    public FloatTensor tensor(String name) throws IOException {
        return new FloatTensor(shape(name), floats(name));
    }

    /** An int64 array. */
    public long[] longs(String name) throws IOException {
        double[] values = doubles(name);
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    /** An array as float64 (exact for every stored dtype). */
    public double[] doubles(String name) throws IOException {
        JsonObject entry = entry(name);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(entry.get("file").getAsString())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long count = 1;
        for (long d : shape(name)) {
            count *= d;
        }
        double[] out = new double[(int) count];
        String dtype = entry.get("dtype").getAsString();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case "float32" -> bytes.getFloat();
                case "float64" -> bytes.getDouble();
                case "int64" -> bytes.getLong();
                case "float16" -> halfToFloat(bytes.getShort());
                case "uint8" -> bytes.get() & 0xff;
                default -> throw new IllegalArgumentException(name + ": unknown dtype " + dtype);
            };
        }
        return out;
    }

    /** IEEE 754 half precision bits to float (Java 17 has no Float.float16ToFloat). */
    private static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? value : -value;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private JsonObject entry(String name) {
        JsonObject entry = index.getAsJsonObject(name);
        if (entry == null) {
            throw new IllegalArgumentException(folder + "/index.json lists no array " + name);
        }
        return entry;
    }

    /** The largest absolute difference of two arrays of the same length. */
    public static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        return worst;
    }
}
