package org.alphaclip.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sets are found under the configured root by their layout, and a missing root or set is one clear line. */
class FixtureSetsTest {

    @TempDir
    Path dir;

    private String configured;

    @BeforeEach
    void remember() {
        configured = System.getProperty(FixtureSets.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (configured == null) {
            System.clearProperty(FixtureSets.PROPERTY);
        } else {
            System.setProperty(FixtureSets.PROPERTY, configured);
        }
    }

    @Test
    void theBuildPointsAtARootWithTheReferenceSets() {
        assertTrue(Files.isRegularFile(FixtureSets.set("alphaclip-reference").resolve("index.json")));
        assertTrue(Files.isRegularFile(FixtureSets.set("sam-reference").resolve("facts.json")));
    }

    @Test
    void everySubfolderMatchingTheLayoutIsASet() throws IOException {
        Path mllm = dir.resolve("mllm-reference");
        Files.createDirectories(mllm.resolve("llava-tiny-b"));
        Files.createDirectories(mllm.resolve("llava-tiny-a"));
        Files.createDirectories(mllm.resolve("blip2-t5-tiny-a"));
        Files.writeString(mllm.resolve("llava-tiny-notes"), "a file, not a set");
        System.setProperty(FixtureSets.PROPERTY, dir.toString());

        assertEquals(List.of(mllm.resolve("llava-tiny-a"), mllm.resolve("llava-tiny-b")),
                FixtureSets.sets("mllm-reference", "llava-tiny-*"));
        assertEquals(List.of(mllm.resolve("blip2-t5-tiny-a")), FixtureSets.sets("mllm-reference", "blip2-t5-tiny-*"));
    }

    @Test
    void aRootWithoutTheSetIsNamed() {
        System.setProperty(FixtureSets.PROPERTY, dir.toString());

        assertEquals("No sam-reference set under the fixture root " + dir,
                assertThrows(IllegalStateException.class, () -> FixtureSets.set("sam-reference")).getMessage());
        assertEquals("No mllm-reference/llava-tiny-* set under the fixture root " + dir,
                assertThrows(IllegalStateException.class, () -> FixtureSets.sets("mllm-reference", "llava-tiny-*"))
                        .getMessage());
    }

    @Test
    void anUnsetOrMissingRootIsNamed() {
        System.clearProperty(FixtureSets.PROPERTY);
        assertTrue(assertThrows(IllegalStateException.class, FixtureSets::root).getMessage()
                .startsWith("System property alphaclip.fixtures is not set"));

        System.setProperty(FixtureSets.PROPERTY, dir.resolve("nowhere").toString());
        assertEquals("Fixture root " + dir.resolve("nowhere") + " (-Dalphaclip.fixtures) is not a folder",
                assertThrows(IllegalStateException.class, FixtureSets::root).getMessage());
    }
}
