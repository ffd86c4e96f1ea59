package org.alphaclip.nerf.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** One {@code nerf-reference} set: its facts and the arrays its {@code index.json} lists. */
final class NerfReference {

    private final Path folder;
    private final JsonObject facts;
    private final JsonObject index;

    NerfReference(Path folder) {
        this.folder = folder;
        this.facts = read(folder.resolve("facts.json"));
        this.index = read(folder.resolve("index.json"));
    }

    private static JsonObject read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonObject facts() {
        return facts;
    }

    boolean has(String name) {
        return index.has(name);
    }

    /** An array of any stored type as doubles. */
    double[] doubles(String name) {
        JsonObject entry = index.getAsJsonObject(name);
        String dtype = entry.get("dtype").getAsString();
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(entry.get("file").getAsString())))
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int width = switch (dtype) {
            case "float64" -> 8;
            case "float32", "int32" -> 4;
            case "uint8" -> 1;
            default -> throw new IllegalStateException("Unknown dtype " + dtype + " of " + name);
        };
        double[] values = new double[bytes.remaining() / width];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case "float64" -> bytes.getDouble();
                case "float32" -> bytes.getFloat();
                case "int32" -> bytes.getInt();
                default -> bytes.get() & 0xff;
            };
        }
        return values;
    }

    float[] floats(String name) {
        double[] values = doubles(name);
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }

    int[] shape(String name) {
        var shape = index.getAsJsonObject(name).getAsJsonArray("shape");
        int[] result = new int[shape.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = shape.get(i).getAsInt();
        }
        return result;
    }
}
