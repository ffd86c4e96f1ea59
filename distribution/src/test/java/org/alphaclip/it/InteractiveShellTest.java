package org.alphaclip.it;

import static org.alphaclip.it.Tmux.awaitScreen;
import static org.alphaclip.it.Tmux.sessionExists;
import static org.alphaclip.it.Tmux.tmux;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
