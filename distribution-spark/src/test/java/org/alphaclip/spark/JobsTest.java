package org.alphaclip.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' command line on bad input: one {@code error:} line naming the problem and an exit status (2 for usage, 1
 * for a job that cannot run), never a stack trace, and nothing written.
 */
class JobsTest {

    @TempDir
    Path work;

    private record Outcome(int status, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(Jobs.run(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static void assertError(Outcome outcome, int status, String expected) {
        assertEquals(status, outcome.status(), outcome.err());
        String errorLine = outcome.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertTrue(errorLine.contains(expected), outcome.err());
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
    }

    @Test
    void usageErrorsNameTheProblem() {
        assertError(run(), 2, "name a job");
        Outcome unknown = run("mine");
        assertError(unknown, 2, "unknown job 'mine'; one of encode, classify, ovd-mine, rec-eval");
        assertTrue(unknown.err().contains("rec-eval: ReCLIP-format"), unknown.err());
        assertError(run("encode", "--images", "a.txt", "--model", "m"), 2, "--out is required");
        assertError(run("encode", "--images", "a.txt", "--model", "m", "--out", "o", "--bogus", "1"), 2,
                "Unknown argument '--bogus'");
        assertError(run("ovd-mine", "--images", "d", "--model"), 2, "--model needs a value");
    }

    @Test
    void anUnreachableMasterIsSaidPlainly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertError(run("encode", "--images", "a.txt", "--model", "m", "--out", work.resolve("o").toString(),
                "--master", "spark://127.0.0.1:" + port), 1, "cannot be reached");
    }

    @Test
    void aMissingModelPackageOrListIsRefusedBeforeAnyWork() throws Exception {
        Path list = Files.writeString(work.resolve("list.txt"), work.resolve("x.png") + "\n");
        Path out = work.resolve("out");
        assertError(run("encode", "--images", list.toString(), "--model", work.resolve("no-model").toString(),
                "--out", out.toString(), "--master", "local[1]"), 1, "--model " + work.resolve("no-model"));
        assertFalse(Files.exists(out), "nothing written");
        assertError(run("classify", "--images", work.resolve("none.txt").toString(), "--model",
                System.getProperty("spark.test.encoder"), "--labels", "a,b", "--out", out.toString(), "--master",
                "local[1]"), 1, "The image list " + work.resolve("none.txt") + " does not exist");
        assertError(run("ovd-mine", "--images", work.toString(), "--model", System.getProperty("spark.test.encoder"),
                "--out", work.resolve("m.json").toString(), "--proposer", "sam", "--master", "local[1]"), 1,
                "--proposer sam needs --sam");
    }
}
