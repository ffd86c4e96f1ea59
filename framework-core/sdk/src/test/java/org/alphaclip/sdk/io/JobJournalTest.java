package org.alphaclip.sdk.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job journal: resume, torn and damaged lines, header checks, locking, and a real SIGKILL. */
class JobJournalTest {

    private static final JobJournal.HeaderCheck SAME = recorded -> {
        if (!recorded.equals("{\"job\":1}")) {
            throw new IOException("other settings: " + recorded);
        }
    };

    @TempDir
    Path dir;

    private final List<String> replayed = new ArrayList<>();
    private final List<JobJournal.Position> positions = new ArrayList<>();

    private JobJournal open(Path file) throws IOException {
        replayed.clear();
        positions.clear();
        return JobJournal.open(file, "{\"job\":1}", SAME, 1, (payload, position) -> {
            replayed.add(payload);
            positions.add(position);
        });
    }

    @Test
    void recordsSurviveAReopenAndCanBeReadBackByPosition() throws IOException {
        Path file = dir.resolve("sub/job.journal");
        try (JobJournal journal = open(file)) {
            journal.append("{\"key\":\"a\"}");
            journal.append("{\"key\":\"b\", \"text\":\"tab\\there, ünïcödé\"}");
        }
        try (JobJournal journal = open(file)) {
            assertEquals(List.of("{\"key\":\"a\"}", "{\"key\":\"b\", \"text\":\"tab\\there, ünïcödé\"}"), replayed);
            assertEquals("{\"job\":1}", journal.header());
            assertEquals(replayed.get(1), journal.read(positions.get(1)));
            JobJournal.Position third = journal.append("c");
            assertEquals("c", journal.read(third));
            assertEquals(List.of(), journal.notes());
        }
    }

    @Test
    void aJournalWithOtherSettingsIsRefusedAndLeftAsItWas() throws IOException {
        Path file = dir.resolve("job.journal");
        try (JobJournal journal = JobJournal.open(file, "{\"job\":2}", SAME, 1, (p, q) -> { })) {
            journal.append("x");
        }
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertEquals("other settings: {\"job\":2}", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aRecordCutShortByACrashIsDroppedWithANote() throws IOException {
        Path file = dir.resolve("job.journal");
        try (JobJournal journal = open(file)) {
            journal.append("first");
            journal.append("second");
        }
        Files.write(file, "{\"half".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        try (JobJournal journal = open(file)) {
            assertEquals(List.of("first", "second"), replayed);
            assertEquals(1, journal.notes().size());
            assertTrue(journal.notes().get(0).startsWith("dropped an incomplete last record"), journal.notes().get(0));
            journal.append("third");
        }
        try (JobJournal journal = open(file)) {
            assertEquals(List.of("first", "second", "third"), replayed);
        }
    }

    @Test
    void aDamagedCompleteLineIsRefusedNamingTheLine() throws IOException {
        Path file = dir.resolve("job.journal");
        try (JobJournal journal = open(file)) {
            journal.append("first");
            journal.append("second");
        }
        String text = Files.readString(file).replace("second", "sEcond");
        Files.writeString(file, text);
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().contains("is damaged at line 3"), e.getMessage());
        assertEquals(text, Files.readString(file));
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, "{\"format\":\"alphaclip-rec-eval-state\",\"version\":1}\n{\"key\":\"a\"}\n");
        IOException e = assertThrows(IOException.class, () -> open(file));
        assertTrue(e.getMessage().contains("is not a job journal"), e.getMessage());
    }

    @Test
    void aFileWithoutALineEndIsRefusedUnlessItIsThisJobsHeaderCutShort() throws IOException {
        Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "my notes, no line end");
        IOException e = assertThrows(IOException.class, () -> open(foreign));
        assertTrue(e.getMessage().contains("is not a job journal (it has no complete line)"), e.getMessage());
        assertEquals("my notes, no line end", Files.readString(foreign));

        Path torn = dir.resolve("torn.journal");
        Files.writeString(torn, "{\"job\":1}\t");
        try (JobJournal journal = open(torn)) {
            assertEquals(List.of("the journal's header was cut short by a crash; the job starts over"), journal.notes());
            journal.append("a");
        }
        try (JobJournal journal = open(torn)) {
            assertEquals(List.of("a"), replayed);
        }
    }

    @Test
    void aSecondOpenWhileTheFirstIsOpenIsRefused() throws IOException {
        Path file = dir.resolve("job.journal");
        try (JobJournal journal = open(file)) {
            IOException e = assertThrows(IOException.class, () -> open(file));
            assertTrue(e.getMessage().startsWith("Another job is using "), e.getMessage());
        }
        open(file).close();
    }

    @Test
    void aClosedJournalFailsFastAndRecordsAreOneLine() throws IOException {
        JobJournal journal = open(dir.resolve("job.journal"));
        assertThrows(IllegalArgumentException.class, () -> journal.append("two\nlines"));
        journal.close();
        journal.close();
        assertThrows(IllegalStateException.class, () -> journal.append("late"));
    }

    /** Appends numbered records until killed; run in a child JVM by the SIGKILL test. */
    public static final class Writer {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            int start;
            List<String> existing = new ArrayList<>();
            try (JobJournal journal = JobJournal.open(file, "{\"job\":1}", SAME, 100, (p, q) -> existing.add(p))) {
                start = existing.size();
                System.out.println("ready");
                System.out.flush();
                for (int i = start; ; i++) {
                    journal.append("{\"item\":" + i + ",\"padding\":\"" + "x".repeat(i % 97) + "\"}");
                }
            }
        }
    }

    @Test
    void aJobKilledWithSigkillLosesNoFinishedRecordAndResumes() throws Exception {
        Path file = dir.resolve("killed.journal");
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            assertEquals('r', child.getInputStream().read(), "the writer did not start");
            Thread.sleep(300);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            try (JobJournal journal = open(file)) {
                for (int i = 0; i < replayed.size(); i++) {
                    assertTrue(replayed.get(i).startsWith("{\"item\":" + i + ","), "record " + i + ": " + replayed.get(i));
                }
                assertTrue(replayed.size() > 0);
            }
        }
    }
}
