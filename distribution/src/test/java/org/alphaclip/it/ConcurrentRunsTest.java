package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of {@code bin/alphaclip -c} at the same time (installs, updates, uninstalls and other commands, several
 * processes at once on one application folder) each do what they were asked, and leave the folder consistent: one
 * jar per installed bundle in {@code plugins/}, no temporary files, no framework storage, {@code etc/} untouched, a
 * log of whole lines without warnings, and a next run that sees exactly what {@code plugins/} holds.
 */
class ConcurrentRunsTest {

    @Test
    void runsAtTheSameTimeCorruptNothing(@TempDir Path dir) throws Exception {
        Path home = AppProcess.copyApp(dir.resolve("app"));
        Path plugins = home.resolve("plugins");
        String rec = PersistentInstallTest.folder(plugins).stream().filter(n -> n.startsWith("org.alphaclip.plugin.rec"))
                .findFirst().orElseThrow();
        Map<String, String> etc = snapshot(home.resolve("etc"));
        Path build = dir.resolve("build");
        Map<String, Path> v1 = new java.util.TreeMap<>();
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            v1.put(name, bundle(build.resolve("1"), name, "1.0.0"));
        }
        Path b2 = bundle(build.resolve("2"), "b", "2.0.0");
        Path f2 = bundle(build.resolve("2"), "f", "2.0.0");

        // round 1: three installs, an uninstall of a jar dropped by hand, and two other commands, all at once
        List<AppProcess.Outcome> first = atOnce(home, "alphaclip:install " + v1.get("a"),
                "alphaclip:install '" + v1.get("b").toUri() + "'", "alphaclip:install " + v1.get("c"),
                "alphaclip:uninstall org.alphaclip.plugin.rec", "alphaclip:tasks", "lb -s");
        for (int i = 0; i < 3; i++) {
            assertSucceeded(first.get(i), "Installed org.alphaclip.it." + "abc".charAt(i) + " 1.0.0");
        }
        assertSucceeded(first.get(3), "Uninstalled org.alphaclip.plugin.rec");
        assertSucceeded(first.get(4), "TASK");
        assertSucceeded(first.get(5), "START LEVEL");
        assertFalse(Files.exists(plugins.resolve(rec)));
        assertState(home, etc, List.of("a 1.0.0", "b 1.0.0", "c 1.0.0"));

        // round 2: an uninstall, an update, an install beside an uninstall, the same jar installed by two runs at once
        List<AppProcess.Outcome> second = atOnce(home, "alphaclip:uninstall org.alphaclip.it.a",
                "alphaclip:install " + b2, "alphaclip:install " + v1.get("d"), "alphaclip:uninstall org.alphaclip.it.c",
                "alphaclip:install " + v1.get("e"), "alphaclip:install " + v1.get("e"), "alphaclip:install " + v1.get("f"));
        assertSucceeded(second.get(0), "Uninstalled org.alphaclip.it.a 1.0.0");
        assertSucceeded(second.get(1), "Updated org.alphaclip.it.b from 1.0.0 to 2.0.0");
        assertSucceeded(second.get(2), "Installed org.alphaclip.it.d 1.0.0");
        assertSucceeded(second.get(3), "Uninstalled org.alphaclip.it.c 1.0.0");
        for (AppProcess.Outcome sameJar : second.subList(4, 6)) {
            assertSucceeded(sameJar, "");
            assertTrue(sameJar.stdout().startsWith("Installed org.alphaclip.it.e 1.0.0")
                    || sameJar.stdout().startsWith("org.alphaclip.it.e 1.0.0 (bundle "), sameJar.stdout());
        }
        assertSucceeded(second.get(6), "Installed org.alphaclip.it.f 1.0.0");
        assertState(home, etc, List.of("b 2.0.0", "d 1.0.0", "e 1.0.0", "f 1.0.0"));

        // round 3: an uninstall and an update of the same bundle at once: either order is fine, as long as the
        // folder and the next run agree and a run that lost says so in one line
        List<AppProcess.Outcome> third = atOnce(home, "alphaclip:uninstall org.alphaclip.it.f", "alphaclip:install " + f2);
        assertSucceeded(third.get(0), "Uninstalled org.alphaclip.it.f "); // 2.0.0 when the update came first
        AppProcess.Outcome update = third.get(1);
        if (update.exitCode() == 0) {
            assertTrue(update.stdout().startsWith("Updated org.alphaclip.it.f from 1.0.0 to 2.0.0")
                    || update.stdout().startsWith("Installed org.alphaclip.it.f 2.0.0"), update.stdout());
        } else {
            assertTrue(update.stderr().startsWith("Error: ") && update.stderr().contains("was removed by another run"),
                    update.stderr());
            assertEquals(1, update.stderr().strip().lines().count(), update.stderr());
        }
        boolean fStays = Files.exists(plugins.resolve("org.alphaclip.it.f.jar"));
        System.out.println("Concurrent uninstall and update of one bundle: the update " + (update.exitCode() == 0 ? "reported success" : "reported the removal")
                + ", and the bundle is " + (fStays ? "installed (2.0.0)" : "not installed"));
        assertState(home, etc, fStays ? List.of("b 2.0.0", "d 1.0.0", "e 1.0.0", "f 2.0.0") : List.of("b 2.0.0", "d 1.0.0", "e 1.0.0"));
    }

    /** Each file of a folder with its modification time and content. */
    private static Map<String, String> snapshot(Path folder) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path file : paths.toList()) {
                files.put(file.getFileName().toString(), Files.getLastModifiedTime(file) + " " + Files.readString(file));
            }
        }
        return files;
    }

    private static Path bundle(Path folder, String name, String version) throws Exception {
        return TestBundles.build(folder, name + "-" + version + ".jar", "org.alphaclip.it.hello", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it." + name, "Bundle-Version", version, "AlphaClip-Task", name));
    }

    /** Starts one {@code bin/alphaclip -c} per command line at the same moment; returns their outcomes in order. */
    private static List<AppProcess.Outcome> atOnce(Path home, String... commandLines) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commandLines.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AppProcess.Outcome>> runs = new ArrayList<>();
            for (String line : commandLines) {
                Callable<AppProcess.Outcome> run = () -> {
                    start.await();
                    return AppProcess.run(home, "-c", line);
                };
                runs.add(pool.submit(run));
            }
            start.countDown();
            List<AppProcess.Outcome> outcomes = new ArrayList<>();
            for (Future<AppProcess.Outcome> run : runs) {
                outcomes.add(run.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSucceeded(AppProcess.Outcome run, String startOfOutput) {
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "nothing on standard error");
        assertTrue(run.stdout().startsWith(startOfOutput), run.stdout());
    }

    /**
     * The folder after the runs: exactly one jar per test bundle expected (and the shipped ovd, mllm, diffusion,
     * pointe and nerf plugins), nothing
     * half-written, no framework storage left; the log holds whole lines and no warnings; and a new run lists
     * exactly these bundles, active.
     */
    private static void assertState(Path home, Map<String, String> etc, List<String> bundles) throws Exception {
        assertEquals(etc, snapshot(home.resolve("etc")), "no run writes into etc/");
        List<String> jars = PersistentInstallTest.folder(home.resolve("plugins")).stream()
                .filter(n -> !n.startsWith("org.alphaclip.plugin.ovd") && !n.startsWith("org.alphaclip.plugin.mllm")
                        && !n.startsWith("org.alphaclip.plugin.diffusion") && !n.startsWith("org.alphaclip.plugin.pointe")
                        && !n.startsWith("org.alphaclip.plugin.nerf")
                        && !n.equals("README.txt")).toList();
        assertEquals(bundles.stream().map(b -> "org.alphaclip.it." + b.substring(0, b.indexOf(' ')) + ".jar").toList(), jars,
                "plugins/ holds one jar per installed bundle and no temporary file");
        assertEquals(List.of(), PersistentInstallTest.folder(home.resolve("data")), "no framework storage left behind");
        try (Stream<String> lines = Files.lines(home.resolve("log/alphaclip.log"))) {
            List<String> bad = lines.filter(line -> !line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO    \\S+: .*"))
                    .toList();
            assertEquals(List.of(), bad, "every log line whole, none a warning");
        }
        String tasks = PersistentInstallTest.ok(home, "alphaclip:tasks");
        List<String> listed = tasks.lines().filter(l -> l.contains("org.alphaclip.it.")).toList();
        assertEquals(bundles.size(), listed.size(), tasks);
        for (String bundle : bundles) {
            String[] nameVersion = bundle.split(" ");
            assertTrue(listed.stream().anyMatch(l -> l.startsWith(nameVersion[0] + " ")
                    && l.contains("org.alphaclip.it." + nameVersion[0] + " " + nameVersion[1]) && l.contains("ACTIVE")), tasks);
        }
        assertTrue(tasks.contains("org.alphaclip.plugin.ovd"), tasks);
        assertTrue(tasks.lines().anyMatch(l -> l.startsWith("mllm ") && l.contains("org.alphaclip.plugin.mllm")
                && l.contains("ACTIVE")), "the shipped mllm bundle resolves and publishes its task: " + tasks);
        assertTrue(tasks.lines().anyMatch(l -> l.startsWith("diffusion ") && l.contains("org.alphaclip.plugin.diffusion")
                && l.contains("ACTIVE")), "the shipped diffusion bundle resolves and publishes its task: " + tasks);
        assertTrue(tasks.lines().anyMatch(l -> l.startsWith("pointe ") && l.contains("org.alphaclip.plugin.pointe")
                && l.contains("ACTIVE")), "the shipped pointe bundle resolves and publishes its task: " + tasks);
        assertTrue(tasks.lines().anyMatch(l -> l.startsWith("nerf ") && l.contains("org.alphaclip.plugin.nerf")
                && l.contains("ACTIVE")), "the shipped nerf bundle resolves and publishes its task: " + tasks);
    }
}
