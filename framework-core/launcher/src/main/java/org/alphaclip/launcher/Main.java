package org.alphaclip.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of {@code bin/alphaclip}: parses the arguments, sets up logging, boots the OSGi
 * application and exits with the shell's status.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger("org.alphaclip.launcher");

    private Main() {
    }

    /** Runs the application and exits the JVM with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the application; returns 0 on success, 1 when a command failed, 2 for wrong arguments. */
    static int run(String[] args) {
        LaunchArguments launch;
        try {
            launch = LaunchArguments.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("alphaclip: " + e.getMessage());
            System.err.println(LaunchArguments.USAGE);
            return 2;
        }
        if (launch.mode() == LaunchArguments.Mode.HELP) {
            System.out.println(LaunchArguments.USAGE);
            return 0;
        }
        Path home = Path.of(System.getProperty("alphaclip.home", ".")).toAbsolutePath().normalize();
        // DJL must never reach for the network: its tokenizer natives ship inside the platform bundle.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // ... and unpacks them (and libtorch's, from the PyTorch platform bundle) into the application's folder
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", home.resolve("cache").resolve("djl").toString());
        }
        try {
            LogSetup.install(home.resolve("log"));
            try (ApplicationFramework app = ApplicationFramework.boot(home, launch)) {
                return app.awaitExitStatus();
            }
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "The application could not start: " + e.getMessage(), e);
            return 1;
        }
    }
}
