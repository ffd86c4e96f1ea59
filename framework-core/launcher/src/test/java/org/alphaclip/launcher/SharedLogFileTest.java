package org.alphaclip.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs (processes) and threads that log at the same time share one file, line by line; a full file moves to .1. */
class SharedLogFileTest {

    private static final int RECORDS = 1500;

    @Test
    void processesAndThreadsAtOnceWriteWholeLinesIntoOneFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("alphaclip.log");
        List<Process> writers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Writer.class.getName(), log.toString(), "process" + p)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("writer" + p + ".out").toFile()).start());
        }
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            String name = "thread" + t;
            threads[t] = new Thread(() -> Writer.write(log, name));
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int p = 0; p < writers.size(); p++) {
            assertTrue(writers.get(p).waitFor(60, TimeUnit.SECONDS), "writer finished");
            String output = Files.readString(dir.resolve("writer" + p + ".out"));
            assertEquals(0, writers.get(p).exitValue(), output);
            assertEquals("", output, "no errors");
        }

        Map<String, Integer> next = new HashMap<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(5 * RECORDS, lines.size());
        for (String line : lines) {
            assertTrue(line.matches("(process\\d|thread\\d) record \\d+ x{200}"), "a whole line: " + line);
            String writer = line.substring(0, line.indexOf(' '));
            int number = Integer.parseInt(line.split(" ")[2]);
            assertEquals(next.getOrDefault(writer, 0), number, "each writer's records in order");
            next.put(writer, number + 1);
        }
    }

    @Test
    void aFullLogMovesToDotOneAndANewOneStarts(@TempDir Path dir) {
        Path log = dir.resolve("alphaclip.log");
        SharedLogFile handler = new SharedLogFile(log, 1_000);
        handler.setFormatter(new SimpleFormatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        });
        for (int i = 0; i < 25; i++) {
            handler.publish(new LogRecord(Level.INFO, "line %02d ".formatted(i) + "y".repeat(90)));
        }
        handler.close();
        List<String> current = readLines(log);
        List<String> previous = readLines(dir.resolve("alphaclip.log.1"));
        assertTrue(Files.exists(dir.resolve(".alphaclip.log.lock")));
        assertEquals(5, current.size(), "a new file after ten lines of 100 bytes");
        assertEquals(10, previous.size());
        assertTrue(current.get(4).startsWith("line 24"), current.toString());
        assertTrue(previous.get(0).startsWith("line 10"), previous.toString());
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A writer process: {@value #RECORDS} records of about 220 bytes each. */
    public static final class Writer {

        public static void main(String[] args) {
            write(Path.of(args[0]), args[1]);
        }

        static void write(Path log, String name) {
            SharedLogFile handler = new SharedLogFile(log, 100_000_000);
            handler.setFormatter(new SimpleFormatter() {
                @Override
                public String format(LogRecord record) {
                    return record.getMessage() + "\n";
                }
            });
            for (int i = 0; i < RECORDS; i++) {
                handler.publish(new LogRecord(Level.INFO, name + " record " + i + " " + "x".repeat(200)));
            }
            handler.close();
        }
    }
}
