package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs last: each {@code bin/alphaclip -c} is a new run of the application, and a task bundle installed by one
 * (from a path, a {@code file:} URL or {@code mvn:} coordinates) is there in the next, until one uninstalls it; then it
 * stays gone. The local Maven repository comes from {@code etc/framework.properties}.
 */
class PersistentInstallTest {

    private static final String HELLO = "org.alphaclip.it.hello";

    @Test
    void anInstallLastsAcrossRunsUntilItIsUninstalled(@TempDir Path dir) throws Exception {
        Path home = AppProcess.copyApp(dir.resolve("app"));
        Path build = dir.resolve("build with space");
        Path v1 = hello(build.resolve("1"), "1.0.0");
        Path v2 = hello(build.resolve("2"), "1.1.0");
        Path repository = dir.resolve("repository");
        Path artifact = Files.createDirectories(repository.resolve("org/alphaclip/it/hello/1.1.0")).resolve("hello-1.1.0.jar");
        Files.copy(v2, artifact);
        Files.writeString(home.resolve("etc/framework.properties"), System.lineSeparator() + "maven.repo.local = "
                + repository.toString().replace("\\", "\\\\") + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
        Path installedJar = home.resolve("plugins").resolve(HELLO + ".jar");
        List<String> shipped = folder(home.resolve("plugins"));

        String installed = ok(home, "alphaclip:install '" + v1 + "'");
        assertTrue(installed.startsWith("Installed " + HELLO + " 1.0.0 (bundle "), installed);
        assertTrue(installed.contains(" as " + installedJar), installed);
        assertTrue(taskLine(ok(home, "alphaclip:tasks"), "1.0.0").contains("ACTIVE"), "listed by the next run");
        assertEquals("hello from the plugin", ok(home, "hello:greet").strip(), "and its command runs there");

        String updated = ok(home, "alphaclip:install '" + v2.toUri() + "'"); // Gogo reads % unquoted as an expression
        assertTrue(updated.startsWith("Updated " + HELLO + " from 1.0.0 to 1.1.0 (bundle "), updated);
        assertEquals(Stream.concat(shipped.stream(), Stream.of(HELLO + ".jar")).sorted().toList(), folder(home.resolve("plugins")),
                "one jar per bundle");
        assertTrue(taskLine(ok(home, "alphaclip:tasks"), "1.1.0").contains("ACTIVE"));

        String again = ok(home, "alphaclip:install mvn:org.alphaclip.it/hello/1.1.0");
        assertTrue(again.startsWith(HELLO + " 1.1.0 (bundle ") && again.contains("is already installed from " + installedJar),
                again);

        String uninstalled = ok(home, "alphaclip:uninstall " + HELLO);
        assertTrue(uninstalled.startsWith("Uninstalled " + HELLO + " 1.1.0 (bundle ")
                && uninstalled.endsWith("and deleted " + installedJar), uninstalled);
        assertFalse(Files.exists(installedJar));
        assertFalse(ok(home, "alphaclip:tasks").contains(HELLO), "gone in the next run");

        OsgiFramework.dropAtomically(v1, home.resolve("plugins"));
        String overDropped = ok(home, "alphaclip:install mvn:org.alphaclip.it/hello/1.1.0");
        assertTrue(overDropped.startsWith("Updated " + HELLO + " from 1.0.0 to 1.1.0")
                && overDropped.endsWith("as " + home.resolve("plugins").resolve(v1.getFileName()) + "; state ACTIVE"),
                "a jar dropped in by hand is updated in place: " + overDropped);
        assertTrue(ok(home, "alphaclip:uninstall " + HELLO).endsWith("and deleted " + home.resolve("plugins").resolve(v1.getFileName())));

        String rec = shipped.stream().filter(n -> n.startsWith("org.alphaclip.plugin.rec")).findFirst().orElseThrow();
        String dropped = ok(home, "alphaclip:uninstall org.alphaclip.plugin.rec");
        assertTrue(dropped.endsWith("and deleted " + home.resolve("plugins").resolve(rec)), dropped);
        String tasks = ok(home, "alphaclip:tasks");
        assertFalse(tasks.contains("org.alphaclip.plugin.rec"), "a jar dropped into plugins/ by hand stays gone as well");
        assertTrue(tasks.contains("org.alphaclip.plugin.ovd"), tasks);

        List<String> problems = Files.readAllLines(home.resolve("log/alphaclip.log")).stream()
                .filter(line -> line.matches("\\S+ \\S+ (WARNING|SEVERE) .*")).toList();
        assertEquals(List.of(), problems, "no warnings in the log");
        assertEquals(List.of(), folder(home.resolve("data")), "every run removed its framework storage");
    }

    @Test
    void badSourcesAreRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path home = AppProcess.copyApp(dir.resolve("app"));
        List<String> shipped = folder(home.resolve("plugins"));
        for (String[] refusal : new String[][] {
            {"alphaclip:install mvn:org.example/nothing/9.9.9", "Error: Maven artifact org.example:nothing:9.9.9 is not in the local repository"},
            {"alphaclip:install http://example.org/x.jar", "Error: alphaclip:install takes a jar path, a file: URL or Maven coordinates"},
            {"alphaclip:install " + home.resolve("bundles").resolve(platformJar(home)), "Error: org.alphaclip.core is part of the platform"},
        }) {
            AppProcess.Outcome run = AppProcess.run(home, "-c", refusal[0]);
            assertEquals(1, run.exitCode(), refusal[0]);
            assertTrue(run.stderr().startsWith(refusal[1]), refusal[0] + " -> " + run.stderr());
            assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
        }
        assertEquals(shipped, folder(home.resolve("plugins")), "nothing was written");
    }

    private static String platformJar(Path home) throws Exception {
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            return jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("org.alphaclip.core-")).findFirst().orElseThrow();
        }
    }

    static Path hello(Path folder, String version) throws Exception {
        return TestBundles.build(folder, "hello-" + version + ".jar", "org.alphaclip.it.hello", Map.of(
                "Bundle-SymbolicName", HELLO, "Bundle-Version", version, "AlphaClip-Task", "hello"));
    }

    /** Runs one command line that must succeed without a word on standard error; returns its output. */
    static String ok(Path home, String commandLine) throws Exception {
        AppProcess.Outcome run = AppProcess.run(home, "-c", commandLine);
        assertEquals(0, run.exitCode(), commandLine + ": " + run.stderr());
        assertEquals("", run.stderr(), commandLine);
        return run.stdout().strip();
    }

    private static String taskLine(String tasks, String version) {
        return tasks.lines().filter(l -> l.startsWith("hello ") && l.contains(HELLO + " " + version)).findFirst()
                .orElseThrow(() -> new AssertionError("no hello " + version + " in " + tasks));
    }

    static List<String> folder(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
