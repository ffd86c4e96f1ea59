package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.sdk.io.FileDigests;
import org.alphaclip.sdk.session.OnnxGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package whose checksums are right but whose visual graph has other inputs and outputs than the manifest
 * declares (a MatMul graph {@code x -> y} in place of {@code image, alpha -> image_embedding}): encoding fails
 * with one sentence naming the graph, what it has and what the manifest declares, and the session handle is
 * given back.
 */
class GraphSignatureCheckTest {

    @TempDir
    Path dir;

    @Test
    void graphWithUnexpectedInputsAndOutputsIsRefusedInOneSentence() throws Exception {
        OnnxGraphs.writeMatMul(dir.resolve("visual.onnx"), 4, 2, 1);
        OnnxGraphs.writeMatMul(dir.resolve("text.onnx"), 4, 2, 2);
        Files.writeString(dir.resolve("tokenizer.json"), "{}", StandardCharsets.UTF_8);
        String manifest;
        try (InputStream in = getClass().getResourceAsStream(
                "/org/alphaclip/core/internal/fuzz/ModelManifestFuzzTestInputs/manifest/valid.json")) {
            manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"name\": \"fuzz\"", "\"name\": \"wrong-graph\"");
        }
        for (String file : List.of("visual.onnx", "text.onnx", "tokenizer.json")) {
            manifest = manifest.replaceFirst("\"" + file.replace(".", "\\.") + "\": \"[0-9a-f]{64}\"",
                    "\"" + file + "\": \"" + FileDigests.sha256(dir.resolve(file)) + "\"");
        }
        Files.writeString(dir.resolve("manifest.json"), manifest, StandardCharsets.UTF_8);
        ModelPackage modelPackage = ModelPackageReader.read(dir);

        try (StandaloneSessions sessions = StandaloneSessions.open()) {
            OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(modelPackage, sessions);
            RgbImage image = new RgbImage(40, 40, new byte[40 * 40 * 3], null);
            EncoderException e = assertThrows(EncoderException.class,
                    () -> encoder.encodeImages(List.of(new RegionImage(image, new Region.Whole())), EncodeOptions.DEFAULT));
            assertEquals("Model wrong-graph: graph visual.onnx has inputs [x] and outputs [y], but the manifest declares"
                    + " inputs [image, alpha] and outputs [image_embedding]", e.getMessage());
            assertTrue(sessions.sessions().stream().allMatch(s -> s.users().values().stream().allMatch(n -> n == 0)),
                    "the handle is given back: " + sessions.sessions());
        }
    }
}
