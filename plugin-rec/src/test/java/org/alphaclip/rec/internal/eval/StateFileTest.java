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
import java.util.Arrays;
import java.util.List;

import org.alphaclip.sdk.io.JobJournal;
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
            assertTrue(state.notes().get(0).contains("dropped an incomplete last record"), state.notes().toString());
            state.append(result("a/2", false));
        }
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1", "a/2"), List.copyOf(state.results().keySet()));
            assertTrue(state.notes().isEmpty());
        }
    }

    /** Each line carries its check sum and ends with the line end: a line without it was not finished, and is redone. */
    @Test
    void aRecordMissingOnlyItsLineEndIsRedone() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile state = StateFile.open(file, settings("m"))) {
            state.append(result("a/1", true));
            state.append(result("a/2", true));
        }
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 1));
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1"), List.copyOf(state.results().keySet()));
            assertTrue(state.notes().get(0).contains("dropped an incomplete last record"), state.notes().toString());
            state.append(result("a/2", true));
        }
        assertArrayEquals(whole, Files.readAllBytes(file));
    }

    @Test
    void damagedOrForeignFilesStopTheRunAndAreLeftAlone() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile state = StateFile.open(file, settings("m"))) {
            state.append(result("a/1", true));
            state.append(result("a/2", true));
        }
        String text = Files.readString(file);
        Files.writeString(file, text.replace("{\"key\":\"a/1\",\"correct\":true}", "{\"key\":\"a/1\",\"correct\":fals}"));
        assertUntouched(file, "is damaged at line 2");

        Files.writeString(file, "not a state file\n{\"key\":\"x\"}\n");
        assertUntouched(file, "is not a job journal");
        Files.write(file, new byte[] {(byte) 0xC3, 0x28, '\n'});
        assertUntouched(file, "is not a job journal");

        Files.delete(file);
        try (JobJournal other = JobJournal.open(file, "{\"format\":\"alphaclip-ovd-mining\"}", recorded -> { }, 1, (p, at) -> { })) {
            other.append("{\"key\":\"x\"}");
        }
        assertUntouched(file, "is not a rec:eval state file");
        Files.delete(file);
        try (JobJournal later = JobJournal.open(file, "{\"format\":\"alphaclip-rec-eval-state\",\"version\":3}", recorded -> { }, 1,
                (p, at) -> { })) {
            later.sync();
        }
        assertUntouched(file, "state format 3, this one reads 2");
    }

    /** Version 1 wrote bare JSON lines, without check sums: such a file is named and kept, not misread as damaged. */
    @Test
    void aStateFileOfTheFirstFormatIsRefusedWithItsReason() throws IOException {
        Path file = dir.resolve("old.json.state.jsonl");
        Files.writeString(file, "{\"format\":\"alphaclip-rec-eval-state\",\"version\":1,\"settings\":{\"models\":\"m\"}}\n"
                + "{\"key\":\"a/1\",\"correct\":true}\n{\"key\":\"a/2\",\"cor");
        assertUntouched(file, "was written by an earlier rec:eval (state format 1, without check sums)");
    }

    @Test
    void anEmptyFileStartsANewState() throws IOException {
        Path file = Files.createFile(dir.resolve("s.jsonl"));
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertTrue(state.results().isEmpty());
            state.append(result("a/1", true));
        }
        try (StateFile state = StateFile.open(file, settings("m"))) {
            assertEquals(List.of("a/1"), List.copyOf(state.results().keySet()));
        }
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

    @Test
    void twoRunsNeverShareAStateFile() throws IOException {
        Path file = dir.resolve("s.jsonl");
        try (StateFile first = StateFile.open(file, settings("m"))) {
            first.append(result("a/1", true));
            IOException e = assertThrows(IOException.class, () -> StateFile.open(file, settings("m")));
            assertTrue(e.getMessage().startsWith("Another job is using"), e.getMessage());
        }
    }

    private static void assertUntouched(Path file, String expected) throws IOException {
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> StateFile.open(file, settings("m")));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("left as it is"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), new String(before, StandardCharsets.ISO_8859_1));
    }
}
