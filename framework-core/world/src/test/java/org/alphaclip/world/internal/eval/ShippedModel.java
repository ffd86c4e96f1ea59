package org.alphaclip.world.internal.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A model package the distribution ships, run by the core's encoder on ONNX Runtime outside OSGi. */
final class ShippedModel implements AutoCloseable {

    /** The default model. */
    static final String ALPHA = "alphaclip-shapes";
    /** The same model before alpha fine-tuning. */
    static final String BASE = "shapes-clip-base";
    /** The core's zero-shot classifiers, as the world commands get them from the service registry. */
    static final ZeroShotClassifiers CLASSIFIERS = new ZeroShotClassifierCache();

    private final StandaloneSessions sessions;
    private final OnnxAlphaClipEncoder encoder;

    private ShippedModel(StandaloneSessions sessions, OnnxAlphaClipEncoder encoder) {
        this.sessions = sessions;
        this.encoder = encoder;
    }

    /** Opens a shipped package by name. */
    static ShippedModel open(String name) throws Exception {
        Path folder = folder(name);
        StandaloneSessions sessions = StandaloneSessions.open();
        try {
            return new ShippedModel(sessions, new OnnxAlphaClipEncoder(ModelPackageReader.read(folder), sessions));
        } catch (Exception | Error e) {
            sessions.close();
            throw e;
        }
    }

    /** The package folder in the distribution's models folder. */
    static Path folder(String name) {
        Path folder = Path.of(System.getProperty("alphaclip.models.dir", "../../distribution/src/main/app/models"), name);
        assertTrue(Files.isRegularFile(folder.resolve("manifest.json")), "The model package " + folder
                + " is missing; tools/train/train_default_model.sh trains and writes it");
        return folder;
    }

    /** A reference file the trainer wrote beside these tests ({@code tools/train}, option --parity). */
    static JsonObject trainerReference(String fileName) throws IOException {
        try (var in = ShippedModel.class.getResourceAsStream("/org/alphaclip/world/" + fileName)) {
            assertTrue(in != null, "The trainer's reference file " + fileName + " is missing");
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    OnnxAlphaClipEncoder encoder() {
        return encoder;
    }

    @Override
    public void close() {
        encoder.close();
        sessions.close();
    }
}
