package org.alphaclip.core.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What alphaclip:install accepts as a source: paths, file: URLs, mvn:g/a/v (Pax URL), g:a:v; and its refusals. */
class BundleSourceTest {

    @TempDir
    Path dir;
    private Path repository;
    private Path jar;

    @BeforeEach
    void files() throws Exception {
        repository = dir.resolve("repo");
        jar = Files.createDirectories(dir.resolve("my plugins")).resolve("x-1.0.0.jar");
        Files.write(jar, new byte[] {1});
        Path artifact = Files.createDirectories(repository.resolve("org/example/similar-region/1.0.0"));
        Files.write(artifact.resolve("similar-region-1.0.0.jar"), new byte[] {1});
        Files.write(artifact.resolve("similar-region-1.0.0-extra.jar"), new byte[] {1});
    }

    @Test
    void pathsAndFileUrlsNameTheJar() {
        assertEquals(jar, BundleSource.locate(jar.toString(), repository));
        assertEquals(jar, BundleSource.locate(jar.toUri().toString(), repository), "file:///...%20...");
        assertEquals(jar, BundleSource.locate("file:" + jar.toString().replace(" ", "%20"), repository), "file:/...");
        assertEquals(jar, BundleSource.locate("file://localhost" + jar.toString().replace(" ", "%20"), repository));
        assertEquals(Path.of("").toAbsolutePath().resolve("pom.xml"), BundleSource.locate("file:pom.xml", repository),
                "an opaque file: URL is relative to the working folder");
    }

    @Test
    void mavenCoordinatesAreReadFromTheLocalRepository() {
        Path expected = repository.resolve("org/example/similar-region/1.0.0/similar-region-1.0.0.jar");
        assertEquals(expected, BundleSource.locate("mvn:org.example/similar-region/1.0.0", repository));
        assertEquals(expected, BundleSource.locate("org.example:similar-region:1.0.0", repository));
        assertEquals(expected, BundleSource.locate("mvn:org.example:similar-region:1.0.0", repository));
        assertEquals(expected, BundleSource.locate("mvn:org.example/similar-region/1.0.0/jar", repository));
        assertEquals(repository.resolve("org/example/similar-region/1.0.0/similar-region-1.0.0-extra.jar"),
                BundleSource.locate("mvn:org.example/similar-region/1.0.0/jar/extra", repository));
    }

    @Test
    void badSourcesGetOneSentence() {
        assertRefused("mvn:org.example/similar-region/2.0.0", "is not in the local repository");
        assertRefused("mvn:org.example/similar-region", "Maven coordinates are mvn:group/artifact/version");
        assertRefused("mvn:org.example/similar-region/LATEST", "exact version");
        assertRefused("mvn:http://repo.example.org!org.example/similar-region/1.0.0", "Repository URLs");
        assertRefused("http://example.org/x.jar", "not 'http://example.org/x.jar'");
        assertRefused("file://otherhost/x.jar", "names another host");
        assertRefused("file:/a b.jar", "not a valid file: URL");
        assertRefused(dir.resolve("missing.jar").toString(), "No such jar file");
        assertRefused("file:" + dir.resolve("missing.jar"), "No such jar file");
        assertRefused(dir.toString(), "is a folder");
        assertRefused(" ", "Give a jar path");
    }

    @Test
    void theLocalRepositoryComesFromThePropertyThenSettingsThenTheDefault() throws Exception {
        Path userHome = dir.resolve("home");
        assertEquals(userHome.resolve(".m2/repository"), BundleSource.localRepository(null, userHome));
        Files.createDirectories(userHome.resolve(".m2"));
        Files.writeString(userHome.resolve(".m2/settings.xml"),
                "<settings><localRepository>${user.home}/elsewhere</localRepository></settings>");
        assertEquals(userHome.resolve("elsewhere"), BundleSource.localRepository(" ", userHome));
        assertEquals(repository, BundleSource.localRepository(repository.toString(), userHome));
        Files.writeString(userHome.resolve(".m2/settings.xml"), "<settings><unclosed>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleSource.localRepository(null, userHome));
        assertTrue(e.getMessage().contains("settings.xml cannot be read"), e.getMessage());
    }

    private void assertRefused(String source, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BundleSource.locate(source, repository));
        assertTrue(e.getMessage().contains(message), source + " -> " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
