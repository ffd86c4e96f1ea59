package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    void theAssembledApplicationHoldsNothingFromRuns() {
        Path app = OsgiFramework.appDir();
        assertTrue(Files.isDirectory(app.resolve("bin")), app.toString());
        for (String runOutput : List.of("log", "data")) {
            assertFalse(Files.exists(app.resolve(runOutput)), "the build ships no " + runOutput + "/ and tests run copies");
        }
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

    /**
     * Piped output carries no escape sequences: results, errors, help, a script, and the interactive shell reading a
     * file as its input (JLine makes a plain terminal then, without a warning).
     */
    @Test
    void outputThatIsNotATerminalHasNoEscapeCodes(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("s.gosh"), "alphaclip:models\nlb -s\n");
        List<String[]> runs = List.of(new String[] {"-c", "lb -s"}, new String[] {"-c", "alphaclip:tasks"},
                new String[] {"-c", "help alphaclip:install"}, new String[] {"-c", "alphaclip:frobnicate"},
                new String[] {"-c", "alphaclip:encode --image nothing.png"}, new String[] {script.toString()}, new String[0]);
        for (String[] args : runs) {
            AppProcess.Outcome run = AppProcess.run(home, args);
            String all = run.stdout() + run.stderr();
            assertFalse(all.contains("\u001B"), String.join(" ", args) + ": " + all.replace("\u001B", "<ESC>"));
            assertFalse(run.stderr().contains("terminal"), String.join(" ", args) + ": " + run.stderr());
        }
        AppProcess.Outcome interactive = AppProcess.run(home);
        assertEquals(0, interactive.exitCode(), interactive.stderr());
        assertTrue(interactive.stdout().startsWith("Alpha-CLIP shell."), interactive.stdout());
    }

    @Test
    void frameworkPropertiesMayNotMoveTheFrameworkStorage(@TempDir Path dir) throws Exception {
        Path app = AppProcess.copyApp(dir.resolve("app"));
        assertTrue(Files.readString(app.resolve("etc/framework.properties")).contains("felix.fileinstall.poll = 1000"),
                "the application ships its framework properties");
        Files.writeString(app.resolve("etc/framework.properties"), "org.osgi.framework.storage = " + dir.resolve("shared") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        AppProcess.Outcome run = AppProcess.run(app, "-c", "lb -s");
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().startsWith("ERROR: The application could not start: org.osgi.framework.storage is set"), run.stderr());
        assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
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
