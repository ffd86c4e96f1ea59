package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher as users run it: {@code bin/alphaclip -c}, scripts, exit codes, bad input. */
class LauncherTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void copyApplication() throws Exception {
        AppProcess.copyApp(home);
    }

    @Test
    void commandLineRunsAndPrintsItsResult() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", "lb -s");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("org.alphaclip.core"), run.stdout());
        assertFalse(run.stderr().contains("Exception"), run.stderr());
        System.out.println("bin/alphaclip -c \"lb -s\": " + run.millis() + " ms from launch to result");
        assertTrue(Files.readString(home.resolve("log/alphaclip.log")).length() >= 0);
    }

    @Test
    void unknownCommandFailsWithOneClearLine() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", "alphaclip:frobnicate");
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: unknown command 'alphaclip:frobnicate'"), run.stderr());
        assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
    }

    @Test
    void wrongArgumentTypeSaysWhatWouldBeRight() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", "felix:bundlelevel -s notanumber");
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().startsWith("Error: "), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
    }

    @Test
    void unknownLauncherOptionExitsWithUsage() throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "--frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("Unknown option '--frobnicate'"), run.stderr());
        assertTrue(run.stderr().contains("Usage:"), run.stderr());
    }

    @Test
    void scriptStopsAtTheFirstFailingLine(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.gosh"), "# list the bundles\nlb -s\n\nlb -s\n");
        AppProcess.Outcome ok = AppProcess.run(home, good.toString());
        assertEquals(0, ok.exitCode(), ok.stderr());
        Path bad = Files.writeString(dir.resolve("bad.gosh"), "lb -s\nnosuchcommand\nlb -s\n");
        AppProcess.Outcome failed = AppProcess.run(home, bad.toString());
        assertEquals(1, failed.exitCode());
        assertTrue(failed.stderr().contains("stopped at line 2"), failed.stderr());
    }

    @Test
    void brokenConfigurationFileDoesNotStopTheRuntime(@TempDir Path dir) throws Exception {
        Path app = AppProcess.copyApp(dir.resolve("app"));
        Files.writeString(app.resolve("etc/org.alphaclip.broken.config"), "this is { not : valid \"config");
        AppProcess.Outcome run = AppProcess.run(app, "-c", "lb -s");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("org.alphaclip.core"));
    }
}
