package org.alphaclip.rec.internal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

class StateFileTest {

    @TempDir
    Path dir;

    private static JsonObject settings(String model) {
        JsonObject s = new JsonObject();
        s.addProperty("models", model);
        s.addProperty("alpha", "mask");
        return s;
    }

    private static JsonObject result(String key, boolean correct) {
        JsonObject r = new JsonObject();
        r.addProperty("key", key);
        r.addProperty("correct", correct);
        return r;
    }

    @Test
    void resultsSurviveReopening() throws IOException {
        Path file = dir.resolve("out.json.state.jsonl");
        try (StateFile state = StateFile.open(file, settings("m"))) {
            state.append(result("a/1", true));
            state.append(result("a/2", false));
        }
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1", "a/2"), List.copyOf(state.results().keySet()));
            assertTrue(state.notes().isEmpty());
            state.append(result("a/3", true));
        }
        assertEquals(4, Files.readAllLines(file).size(), "header and three results");
    }

    @Test
    void aRecordCutShortByAKillIsDroppedAndSaidSo() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile state = StateFile.open(file, settings("m"))) {
            state.append(result("a/1", true));
        }
        Files.writeString(file, "{\"key\":\"a/2\",\"corr", StandardOpenOption.APPEND);
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1"), List.copyOf(state.results().keySet()));
            assertTrue(state.notes().get(0).contains("dropped an incomplete last result"), state.notes().toString());
            state.append(result("a/2", false));
        }
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1", "a/2"), List.copyOf(state.results().keySet()));
            assertTrue(state.notes().isEmpty());
        }
    }

    @Test
    void aCompleteRecordMissingOnlyItsLineEndIsKept() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile state = StateFile.open(file, settings("m"))) {
            state.append(result("a/1", true));
        }
        Files.writeString(file, "{\"key\":\"a/2\",\"correct\":true}", StandardOpenOption.APPEND);
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1", "a/2"), List.copyOf(state.results().keySet()));
            state.append(result("a/3", true));
        }
        assertEquals(4, Files.readAllLines(file).size());
    }

    @Test
    void corruptFilesStopTheRunAndAreLeftAlone() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile state = StateFile.open(file, settings("m"))) {
            state.append(result("a/1", true));
            state.append(result("a/2", true));
        }
        String text = Files.readString(file);
        Files.writeString(file, text.replace("{\"key\":\"a/1\",\"correct\":true}", "garbage"));
        assertUntouched(file, "line 2 is not a result");

        Files.writeString(file, "not a state file\n{\"key\":\"x\"}\n");
        assertUntouched(file, "is not a rec:eval state file");
        Files.writeString(file, "");
        assertUntouched(file, "it is empty");
        Files.write(file, new byte[] {(byte) 0xC3, 0x28, '\n'});
        assertUntouched(file, "not UTF-8");
    }

    @Test
    void otherSettingsAreNamedAndTheFileIsKept() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile state = StateFile.open(file, settings("model-a"))) {
            state.append(result("a/1", true));
        }
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> StateFile.open(file, settings("model-b")));
        assertTrue(e.getMessage().contains("models was \"model-a\", now \"model-b\""), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private static void assertUntouched(Path file, String expected) throws IOException {
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> StateFile.open(file, settings("m")));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("left as it is"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), new String(before, StandardCharsets.ISO_8859_1));
    }
}
