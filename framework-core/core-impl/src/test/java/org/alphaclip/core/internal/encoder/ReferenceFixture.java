package org.alphaclip.core.internal.encoder;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.alphaclip.sdk.testing.FixtureSets;

/** The official Alpha-CLIP reference set under the fixture root ({@link FixtureSets}): facts and raw arrays. */
final class ReferenceFixture {

    final Path dir;
    final JsonObject facts;
    final JsonObject index;

    ReferenceFixture() throws IOException {
        dir = FixtureSets.set("alphaclip-reference");
        facts = json(dir.resolve("facts.json"));
        index = json(dir.resolve("index.json"));
    }

    /** The package the exporter made from the fixture weights during this build. */
    static Path exportedPackage(String name) {
        return Path.of(System.getProperty("alphaclip.test.models", "target/test-models"), name).toAbsolutePath();
    }

    float[] floats(String name) throws IOException {
        ByteBuffer bytes = bytes(name);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    int[] ints(String name) throws IOException {
        ByteBuffer bytes = bytes(name);
        int[] values = new int[bytes.remaining() / 4];
        bytes.asIntBuffer().get(values);
        return values;
    }

    int[] shape(String name) {
        return index.getAsJsonObject(name).getAsJsonArray("shape").asList().stream().mapToInt(e -> e.getAsInt()).toArray();
    }

    private ByteBuffer bytes(String name) throws IOException {
        String file = index.getAsJsonObject(name).get("file").getAsString();
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static JsonObject json(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return JsonParser.parseReader(reader).getAsJsonObject();
        }
    }
}
