package org.alphaclip.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the assembled application's {@code bin/alphaclip} as a separate process. */
public final class AppProcess {

    /**
     * The outcome of one run.
     *
     * @param exitCode the process status
     * @param stdout what it printed on standard output
     * @param stderr what it printed on standard error
     * @param millis wall-clock time of the run
     */
    public record Outcome(int exitCode, String stdout, String stderr, long millis) {
    }

    /** What runs of an application write into its folder: not copied (the assembled application has none). */
    private static final List<String> RUN_OUTPUTS = List.of("data", "log");

    private AppProcess() {
    }

    private static String topFolder(Path relative) {
        return relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
    }

    /**
     * Runs {@code bin/alphaclip} of an application folder with arguments. The folder must be a {@link #copyApp copy}:
     * a run writes its log, storage and installs into its folder, and the assembled application ships none of those.
     */
    public static Outcome run(Path appHome, String... args) throws IOException, InterruptedException {
        return runIn(Path.of("").toAbsolutePath(), appHome, args);
    }

    /** Runs {@code bin/alphaclip} of an application folder (a copy) with arguments, in a working folder. */
    public static Outcome runIn(Path workingDir, Path appHome, String... args) throws IOException, InterruptedException {
        return runIn(workingDir, appHome, new java.io.File("/dev/null"), args);
    }

    /** Runs {@code bin/alphaclip} of an application folder (a copy) with arguments and this text as standard input. */
    public static Outcome runWithInput(Path appHome, String input, String... args) throws IOException, InterruptedException {
        Path in = Files.createTempFile("alphaclip", ".in");
        try {
            Files.writeString(in, input, StandardCharsets.UTF_8);
            return runIn(Path.of("").toAbsolutePath(), appHome, in.toFile(), args);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static Outcome runIn(Path workingDir, Path appHome, java.io.File input, String... args)
            throws IOException, InterruptedException {
        if (appHome.toAbsolutePath().normalize().equals(OsgiFramework.appDir().normalize())) {
            throw new AssertionError("Tests run a copy of the application (AppProcess.copyApp), never " + appHome + " itself");
        }
        List<String> command = new ArrayList<>();
        command.add(appHome.resolve("bin/alphaclip").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("alphaclip", ".out");
        Path err = Files.createTempFile("alphaclip", ".err");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(input)).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/alphaclip " + String.join(" ", args) + " did not finish in 120 s");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        try {
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), millis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Copies the assembled application to a private folder, so a test may change its files. */
    public static Path copyApp(Path target) throws IOException {
        Path source = OsgiFramework.appDir();
        try (var paths = Files.walk(source)) {
            for (Path path : paths.filter(p -> !RUN_OUTPUTS.contains(topFolder(source.relativize(p)))).toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}
