package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell in a real terminal: tmux runs {@code bin/alphaclip}, the test types a command
 * and reads the answer from the screen. CI installs tmux ({@code .ci/run}).
 */
class InteractiveShellTest {

    @Test
    void typedCommandIsAnsweredInTheTerminal(@TempDir Path dir) throws Exception {
        Path app = AppProcess.copyApp(dir.resolve("app"));
        String session = "alphaclip-it-" + ProcessHandle.current().pid();
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", app.resolve("bin/alphaclip").toString());
        try {
            String screen = awaitScreen(session, "alphaclip>", Duration.ofSeconds(30));
            long start = System.nanoTime();
            tmux("send-keys", "-t", session, "lb -s", "Enter");
            screen = awaitScreen(session, "org.alphaclip.shell", Duration.ofSeconds(20));
            System.out.println("interactive answer after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            tmux("send-keys", "-t", session, "nosuch:command", "Enter");
            screen = awaitScreen(session, "unknown command 'nosuch:command'", Duration.ofSeconds(20));
            tmux("send-keys", "-t", session, "exit", "Enter");
            assertTrue(screen.contains("alphaclip>"), screen);
            OsgiFramework.await("the shell to exit", Duration.ofSeconds(20), () -> !sessionExists(session));
        } finally {
            try {
                tmux("kill-session", "-t", session);
            } catch (AssertionError alreadyGone) {
                // the shell exited and tmux closed the session
            }
        }
    }

    private static boolean sessionExists(String session) {
        try {
            tmux("has-session", "-t", session);
            return true;
        } catch (AssertionError | IOException | InterruptedException gone) {
            return false;
        }
    }

    private static String awaitScreen(String session, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", session);
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' did not appear; screen:\n" + screen);
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "tmux";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
