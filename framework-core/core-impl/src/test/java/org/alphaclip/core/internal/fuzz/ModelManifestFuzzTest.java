package org.alphaclip.core.internal.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any manifest.json next to small graph and tokenizer files: a verified package whose files all lie
 * inside its folder, or an {@link InvalidModelException}; never another exception.
 */
class ModelManifestFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void manifest(byte[] manifest) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-model");
        try {
            Files.write(dir.resolve("manifest.json"), manifest);
            Files.writeString(dir.resolve("visual.onnx"), "v", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("text.onnx"), "t", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("tokenizer.json"), "{}", StandardCharsets.UTF_8);
            ModelPackage read = ModelPackageReader.read(dir);
            Path root = dir.toRealPath();
            for (Path file : new Path[] {read.visualGraph(), read.textGraph(), read.tokenizerFile()}) {
                if (!file.toRealPath().startsWith(root)) {
                    throw new AssertionError("package file outside its folder: " + file);
                }
            }
        } catch (InvalidModelException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("refusal without a message", refused);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
