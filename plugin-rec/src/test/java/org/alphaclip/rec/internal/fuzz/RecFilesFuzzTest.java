package org.alphaclip.rec.internal.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.alphaclip.rec.internal.data.ReclipDataset;
import org.alphaclip.rec.internal.data.ReclipDetections;
import org.alphaclip.rec.internal.eval.StateFile;
import org.alphaclip.sdk.command.RegionOptions;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;

/**
 * The files {@code rec:*} reads that users or crashes may have damaged: boxes files, ReCLIP detection
 * files and expression files, and the resume state of {@code rec:eval}. Anything is read or refused with
 * an {@link IOException} whose message says what is wrong; never another exception.
 */
class RecFilesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void boxesFile(byte[] bytes) throws IOException {
        read(bytes, ".json", RegionOptions::readBoxes);
    }

    @FuzzTest(maxDuration = "2m")
    void detectionsFile(byte[] bytes) throws IOException {
        read(bytes, ".json", ReclipDetections::read);
    }

    @FuzzTest(maxDuration = "2m")
    void expressionsFile(byte[] bytes) throws IOException {
        read(bytes, ".jsonl", file -> ReclipDataset.read(file, file.getParent(), Map.of()));
    }

    @FuzzTest(maxDuration = "2m")
    void stateFile(byte[] bytes) throws IOException {
        JsonObject settings = new JsonObject();
        settings.addProperty("model", "m");
        read(bytes, ".state.jsonl", file -> {
            StateFile.open(file, settings).close();
            return null;
        });
    }

    private interface Reader {
        Object read(Path file) throws IOException;
    }

    private static void read(byte[] bytes, String suffix, Reader reader) throws IOException {
        Path file = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(file, bytes);
            reader.read(file);
        } catch (IOException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("refusal without a message", refused);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
