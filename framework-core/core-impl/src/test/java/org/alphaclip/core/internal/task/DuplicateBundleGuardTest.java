package org.alphaclip.core.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.alphaclip.core.internal.task.FakeFramework.FakeBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

class DuplicateBundleGuardTest {

    private final FakeFramework framework = new FakeFramework();
    private final List<String> log = new ArrayList<>();
    private final Logger logger = Logger.getLogger("org.alphaclip.core.bundles");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    @Test
    void theOlderVersionIsStoppedWithOneWarningAndRunsAgainWhenTheNewerGoes() throws Exception {
        FakeBundle older = framework.install(30, "org.example.x", "1.0.0", "file:/app/plugins/x-1.0.0.jar", false);
        FakeBundle newer = framework.install(31, "org.example.x", "1.1.0", "file:/app/plugins/x-1.1.0.jar", false);

        DuplicateBundleGuard guard = new DuplicateBundleGuard(framework.context);

        assertEquals(Bundle.RESOLVED, older.state);
        assertEquals(Bundle.ACTIVE, newer.state);
        assertEquals(List.of("WARNING Bundle org.example.x is installed in two versions: 1.1.0 runs (bundle 31, /app/plugins/x-1.1.0.jar);"
                + " 1.0.0 is kept stopped (bundle 30, /app/plugins/x-1.0.0.jar). To remove 1.0.0, delete its jar from plugins/"
                + " or run alphaclip:uninstall 30"), log);

        older.state = Bundle.ACTIVE;
        framework.fire(BundleEvent.STARTED, older);
        assertEquals(Bundle.RESOLVED, older.state, "started again by someone else: stopped again");
        assertEquals(1, log.size(), "one warning per pair");

        newer.bundle.uninstall();
        framework.fire(BundleEvent.UNINSTALLED, newer);
        assertEquals(Bundle.ACTIVE, older.state);
        assertEquals("INFO Bundle org.example.x 1.0.0 (bundle 30) runs again: no newer version of it is installed any more",
                log.get(1));

        guard.stop();
        assertEquals(List.of(), framework.listeners);
    }

    @Test
    void aNewerVersionInstalledLaterStopsTheOneRunning() {
        FakeBundle older = framework.install(30, "org.example.x", "1.0.0", "file:/app/plugins/x-1.0.0.jar", false);
        new DuplicateBundleGuard(framework.context);
        assertEquals(Bundle.ACTIVE, older.state);
        assertEquals(List.of(), log);

        FakeBundle newer = framework.install(31, "org.example.x", "1.1.0", "file:/app/plugins/x-1.1.0.jar", false);
        newer.state = Bundle.INSTALLED;
        framework.fire(BundleEvent.INSTALLED, newer);

        assertEquals(Bundle.RESOLVED, older.state);
        assertEquals(1, log.size());
    }

    @Test
    void aBundleStoppedByItsUserIsNotStartedAgain() throws Exception {
        FakeBundle older = framework.install(30, "org.example.x", "1.0.0", "file:/app/plugins/x-1.0.0.jar", false);
        older.state = Bundle.RESOLVED;
        FakeBundle newer = framework.install(31, "org.example.x", "1.1.0", "file:/app/plugins/x-1.1.0.jar", false);
        new DuplicateBundleGuard(framework.context);

        newer.bundle.uninstall();
        framework.fire(BundleEvent.UNINSTALLED, newer);

        assertEquals(Bundle.RESOLVED, older.state);
    }

    @Test
    void platformBundlesAndLibrariesInTwoMajorVersionsAreLeftAlone() {
        FakeBundle core = framework.install(5, "org.alphaclip.core", "0.1.0", "file:/app/bundles/core-0.1.0.jar", false);
        framework.install(6, "org.alphaclip.core", "0.2.0", "file:/app/bundles/core-0.2.0.jar", false);
        FakeBundle lib = framework.install(7, "com.example.lib", "1.0.0", "file:/app/plugins/lib-1.jar", true);
        framework.install(8, "com.example.lib", "2.0.0", "file:/app/plugins/lib-2.jar", true);

        new DuplicateBundleGuard(framework.context);

        assertEquals(Bundle.ACTIVE, core.state);
        assertEquals(Bundle.ACTIVE, lib.state);
        assertEquals(List.of(), log);
    }
}
