package org.alphaclip.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework properties of a run: defaults, then etc/framework.properties, then system properties. */
class ApplicationFrameworkTest {

    @TempDir
    Path home;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("felix.fileinstall.poll");
        System.clearProperty("org.osgi.framework.storage");
    }

    @Test
    void withoutTheFileTheDefaultsHold() throws Exception {
        Map<String, String> properties = ApplicationFramework.frameworkProperties(home, home.resolve("data/framework-1"));
        assertEquals(home.resolve("data/framework-1").toString(), properties.get("org.osgi.framework.storage"));
        assertEquals(home.toString(), properties.get("alphaclip.home"));
        assertEquals(home.resolve("etc").toString(), properties.get("felix.fileinstall.dir"));
        assertEquals("1000", properties.get("felix.fileinstall.poll"));
    }

    @Test
    void theFileOverridesDefaultsAndSystemPropertiesOverrideTheFile() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/framework.properties"), """
                # comment
                felix.fileinstall.poll = 250
                maven.repo.local = ${alphaclip.home}/repository
                org.example.setting = ${user.home}/x
                """);
        Map<String, String> properties = ApplicationFramework.frameworkProperties(home, home.resolve("data/framework-1"));
        assertEquals("250", properties.get("felix.fileinstall.poll"));
        assertEquals(home + "/repository", properties.get("maven.repo.local"));
        assertEquals(System.getProperty("user.home") + "/x", properties.get("org.example.setting"));

        System.setProperty("felix.fileinstall.poll", "500");
        assertEquals("500", ApplicationFramework.frameworkProperties(home, home.resolve("data/framework-1"))
                .get("felix.fileinstall.poll"));
    }

    @Test
    void movingTheStorageIsRefusedWithOneSentence() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/framework.properties"), "org.osgi.framework.storage = /tmp/other-storage\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApplicationFramework.frameworkProperties(home, home.resolve("data/framework-1")));
        assertTrue(e.getMessage().startsWith("org.osgi.framework.storage is set (in etc/framework.properties"), e.getMessage());
        assertTrue(e.getMessage().contains("private framework storage"), e.getMessage());

        Files.delete(home.resolve("etc/framework.properties"));
        System.setProperty("org.osgi.framework.storage", "/tmp/other-storage");
        assertThrows(IllegalArgumentException.class, () -> ApplicationFramework.frameworkProperties(home, home.resolve("data/x")));
    }
}
