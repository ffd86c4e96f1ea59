package org.alphaclip.diffusion.internal.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.alphaclip.api.tensor.FloatTensor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The tensors of a diffusion-reference folder: its {@code manifest.json} lists {@code {file, dtype, shape}} per name,
 * the files hold raw little-endian data in C order ({@code .f32} float32, {@code .i64} int64).
 */
public final class ReferenceTensors {

    private final Path folder;
    private final JsonObject tensors;

    private ReferenceTensors(Path folder, JsonObject tensors) {
        this.folder = folder;
        this.tensors = tensors;
    }

    /** The tensors listed by {@code folder/manifest.json}. */
    public static ReferenceTensors in(Path folder) throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(folder.resolve("manifest.json"))).getAsJsonObject();
        return new ReferenceTensors(folder, manifest.getAsJsonObject("tensors"));
    }

    /** The listed names. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Whether a tensor of this name is listed. */
    public boolean has(String name) {
        return tensors.has(name);
    }

    /** A tensor's shape. */
    public long[] shape(String name) {
        JsonArray dims = entry(name).getAsJsonArray("shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsLong();
        }
        return shape;
    }

    /** A float32 tensor (an int64 one converted). */
    public FloatTensor floats(String name) throws IOException {
        JsonObject entry = entry(name);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(entry.get("file").getAsString())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] shape = shape(name);
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] values = new float[(int) count];
        boolean int64 = entry.get("dtype").getAsString().equals("int64");
        for (int i = 0; i < values.length; i++) {
            values[i] = int64 ? bytes.getLong() : bytes.getFloat();
        }
        return new FloatTensor(shape, values);
    }

    private JsonObject entry(String name) {
        JsonObject entry = tensors.getAsJsonObject(name);
        if (entry == null) {
            throw new IllegalArgumentException(folder + "/manifest.json lists no tensor " + name);
        }
        return entry;
    }

    /** Fails unless {@code actual} has the shape and lies within {@code tolerance} (absolute) of {@code expected}. */
    public static void assertClose(FloatTensor expected, FloatTensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double worst = 0;
        for (int i = 0; i < expected.data().length; i++) {
            worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
        }
        assertTrue(worst <= tolerance, what + ": max |difference| " + worst + " > " + tolerance);
    }
}
