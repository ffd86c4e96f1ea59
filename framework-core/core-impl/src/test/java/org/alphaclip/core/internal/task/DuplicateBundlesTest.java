package org.alphaclip.core.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.alphaclip.core.internal.task.DuplicateBundles.Installed;
import org.alphaclip.core.internal.task.DuplicateBundles.Superseded;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class DuplicateBundlesTest {

    private static Installed bundle(long id, String name, String version, boolean exports) {
        return new Installed(id, name, Version.parseVersion(version), "file:/app/plugins/" + name + "-" + version + ".jar", exports);
    }

    @Test
    void theHighestVersionSupersedesEveryOlderOne() {
        Installed v1 = bundle(30, "org.example.x", "1.0.0", false);
        Installed v11 = bundle(31, "org.example.x", "1.1.0", false);
        Installed v12 = bundle(32, "org.example.x", "1.2.0.beta", false);
        Installed other = bundle(33, "org.example.y", "1.0.0", false);

        assertEquals(List.of(new Superseded(v1, v12), new Superseded(v11, v12)), DuplicateBundles.find(List.of(v12, other, v1, v11)));
    }

    @Test
    void aLibraryInTwoMajorVersionsIsLeftAlone() {
        Installed lib2 = bundle(40, "com.example.lib", "2.3.0", true);
        Installed lib3 = bundle(41, "com.example.lib", "3.0.0", true);
        Installed plugin1 = bundle(42, "org.example.x", "1.4.0", false);
        Installed plugin2 = bundle(43, "org.example.x", "2.0.0", true);

        assertEquals(List.of(new Superseded(plugin1, plugin2)), DuplicateBundles.find(List.of(lib2, lib3, plugin1, plugin2)));
    }

    @Test
    void oneVersionIsNoDuplicate() {
        assertEquals(List.of(), DuplicateBundles.find(List.of(bundle(30, "org.example.x", "1.0.0", false),
                bundle(31, "org.example.y", "1.0.0", false))));
    }

    @Test
    void theWarningNamesBothFilesWhichRunsAndHowToRemoveTheOther() {
        Superseded pair = new Superseded(bundle(30, "org.example.x", "1.0.0", false), bundle(31, "org.example.x", "1.1.0", false));

        assertEquals("Bundle org.example.x is installed in two versions: 1.1.0 runs (bundle 31, /app/plugins/org.example.x-1.1.0.jar);"
                + " 1.0.0 is kept stopped (bundle 30, /app/plugins/org.example.x-1.0.0.jar). To remove 1.0.0, delete its jar"
                + " from plugins/ or run alphaclip:uninstall 30", pair.warning());
        assertEquals("kept stopped: org.example.x 1.1.0 runs instead (bundle 31, /app/plugins/org.example.x-1.1.0.jar);"
                + " to remove this one, delete its jar from plugins/ or run alphaclip:uninstall 30", pair.reason());
    }

    @Test
    void aLocationThatIsNoFileIsShownAsRecorded() {
        assertEquals("mvn:org.example/x/1.0.0", new Installed(1, "x", Version.emptyVersion, "mvn:org.example/x/1.0.0", false).where());
        assertEquals("/app/plugins/x.jar", new Installed(1, "x", Version.emptyVersion, "reference:file:/app/plugins/x.jar", false).where());
    }
}
