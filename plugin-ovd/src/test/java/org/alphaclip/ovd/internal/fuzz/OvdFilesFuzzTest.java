package org.alphaclip.ovd.internal.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.mine.MiningException;
import org.alphaclip.ovd.internal.mine.MiningState;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The files {@code ovd:*} reads that users or crashes may have damaged: LVIS/COCO annotation and result
 * JSON, and the resume state of {@code ovd:mine}. Anything is read or refused with a checked exception
 * whose message names the file; never another exception.
 */
class OvdFilesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void annotationJson(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".json");
        try {
            Files.write(file, bytes);
            AnnotationFile.read(file);
        } catch (IOException refused) {
            requireMessage(refused);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void miningState(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".state");
        try {
            Files.write(file, bytes);
            try (MiningState state = MiningState.open(file, Map.of("model", "m", "proposer", "segmentation"), 10)) {
                state.entries();
            }
        } catch (IOException | MiningException refused) {
            requireMessage(refused);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void requireMessage(Exception refused) {
        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
            throw new AssertionError("refusal without a message", refused);
        }
    }
}
