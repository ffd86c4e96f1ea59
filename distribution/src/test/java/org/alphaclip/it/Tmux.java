package org.alphaclip.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** tmux for the tests that drive the interactive shell in a real terminal: run tmux, wait for text on the screen. */
final class Tmux {

    private Tmux() {
    }

    /** Whether the tmux session still exists. */
    static boolean sessionExists(String session) {
        try {
            tmux("has-session", "-t", session);
            return true;
        } catch (AssertionError | IOException | InterruptedException gone) {
            return false;
        }
    }

    /** The screen once it shows {@code text}; fails with the screen after the timeout. */
    static String awaitScreen(String session, String text, Duration timeout) throws Exception {
        return awaitScreen(session, "'" + text + "'", screen -> screen.contains(text), timeout);
    }

    /** The screen (wrapped lines joined) once {@code test} holds for it; fails with the screen after the timeout. */
    static String awaitScreen(String session, String what, Predicate<String> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-J", "-t", session);
            if (test.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not appear; screen:\n" + screen);
    }

    /** Runs tmux with arguments; fails with its output when it fails. */
    static String tmux(String... args) throws IOException, InterruptedException {
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
