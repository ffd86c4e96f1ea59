package org.alphaclip.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.alphaclip.api.model.InvalidModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model folder scan beside packages of another kind: a multimodal package in {@code models/} is passed over
 * without a warning (the scan runs every few seconds), while a damaged encoder package is still warned about.
 */
class ModelFolderScanTest {

    @TempDir
    Path models;

    @Test
    void multimodalPackagesArePassedOverAndBrokenOnesReported() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(
                "/org/alphaclip/core/internal/fuzz/ModelManifestFuzzTestInputs/manifest/valid.json")) {
            Path encoder = Files.createDirectories(models.resolve("encoder"));
            Files.write(encoder.resolve("manifest.json"), in.readAllBytes());
            Files.writeString(encoder.resolve("visual.onnx"), "v", StandardCharsets.UTF_8);
            Files.writeString(encoder.resolve("text.onnx"), "t", StandardCharsets.UTF_8);
            Files.writeString(encoder.resolve("tokenizer.json"), "{}", StandardCharsets.UTF_8);
        }
        Files.writeString(Files.createDirectories(models.resolve("llava")).resolve("manifest.json"),
                "{\"format\": \"alphaclip-mllm-package\", \"formatVersion\": 1, \"name\": \"llava\"}");
        Files.writeString(Files.createDirectories(models.resolve("broken")).resolve("manifest.json"),
                "{\"format\": \"something-else\"}");

        List<String> warnings = new ArrayList<>();
        Logger log = Logger.getLogger("org.alphaclip.core.models");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            List<String> names = ModelRegistry.scan(models).stream().map(p -> p.info().name()).toList();
            assertEquals(List.of("fuzz"), names);
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("broken") && warnings.get(0).contains("something-else"), warnings.get(0));
    }

    @Test
    void aMultimodalPackageGivenAsAnEncoderSaysWhatItIs() throws Exception {
        Path llava = Files.createDirectories(models.resolve("llava"));
        Files.writeString(llava.resolve("manifest.json"), "{\"format\": \"alphaclip-mllm-package\", \"formatVersion\": 1}");
        String message = assertThrows(InvalidModelException.class,
                () -> ModelPackageReader.read(llava)).getMessage();
        assertTrue(message.contains("multimodal (MLLM) package") && message.contains("manifest.json"), message);
    }
}
