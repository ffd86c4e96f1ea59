package org.alphaclip.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests that name files outside their package, and malformed manifests: each is refused with one sentence
 * naming the package, the problem (the field, where there is one) and the manifest.
 */
class ModelPackageReaderTest {

    @TempDir
    Path dir;

    private String valid;

    @BeforeEach
    void writePackage() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(
                "/org/alphaclip/core/internal/fuzz/ModelManifestFuzzTestInputs/manifest/valid.json")) {
            valid = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the files whose SHA-256 valid.json holds
        Files.writeString(dir.resolve("visual.onnx"), "v", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("text.onnx"), "t", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tokenizer.json"), "{}", StandardCharsets.UTF_8);
    }

    private String refusal(String manifest) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), manifest, StandardCharsets.UTF_8);
        String message = assertThrows(InvalidModelException.class, () -> ModelPackageReader.read(dir)).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.contains("manifest.json"), "names the manifest: " + message);
        return message;
    }

    @Test
    void theValidManifestReads() throws Exception {
        Files.writeString(dir.resolve("manifest.json"), valid, StandardCharsets.UTF_8);
        assertEquals("fuzz", ModelPackageReader.read(dir).info().name());
    }

    @Test
    void filesOutsideThePackageAreRefused() throws Exception {
        String escape = refusal(valid.replace("\"file\": \"visual.onnx\"", "\"file\": \"../visual.onnx\""));
        assertTrue(escape.contains("file '../visual.onnx' is outside the package folder; packages may only name their own files"),
                escape);
        String absolute = refusal(valid.replace("\"file\": \"text.onnx\"", "\"file\": \"/etc/passwd\""));
        assertTrue(absolute.contains("file '/etc/passwd' is outside the package folder"), absolute);
        String nul = refusal(valid.replace("\"file\": \"text.onnx\"", "\"file\": \"te\\u0000xt.onnx\""));
        assertTrue(nul.contains("file name 'te\\0xt.onnx' is not a valid path"), nul);
    }

    @Test
    void malformedManifestsNameTheField() throws Exception {
        assertTrue(refusal("{\"format\": ").contains("is not valid JSON"));
        assertTrue(refusal("[1, 2]").contains("must hold a JSON object"));
        String type = refusal(valid.replace("\"embedDim\": 8", "\"embedDim\": \"eight\""));
        assertTrue(type.contains("field 'embedDim' must be a"), type);
        String negative = refusal(valid.replace("\"resolution\": 32", "\"resolution\": -32"));
        assertTrue(negative.contains("field 'resolution' must be a positive whole number, got -32"), negative);
        String format = refusal(valid.replace("\"format\": \"alphaclip-model-package\"", "\"format\": \"onnx-bundle\""));
        assertTrue(format.contains("format is 'onnx-bundle', expected 'alphaclip-model-package'"), format);
        String missing = refusal(valid.replace("\"logitScale\": 100.0, ", ""));
        assertTrue(missing.contains("field 'logitScale' is missing"), missing);
    }
}
