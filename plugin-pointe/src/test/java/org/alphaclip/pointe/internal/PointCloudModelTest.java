package org.alphaclip.pointe.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.PointCloudModel;
import org.alphaclip.pointe.PointeException;
import org.alphaclip.pointe.PointePackageInfo;
import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.sdk.random.GaussianNoise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code PointCloudModels} service on the package the exporter made on the Alpha-CLIP fixture package
 * ({@code target/test-models/tiny-pointe-encoder}, random weights: behaviour, not shapes): the manifest's settings,
 * reproducible clouds per seed, both stages and the base alone, progress per step, an interrupt, bad grids and
 * damaged or foreign packages refused with one sentence.
 */
class PointCloudModelTest {

    private static StandaloneSessions sessions;
    private static PointCloudModelsComponent models;
    private static Path packages;

    @TempDir
    Path temp;

    @BeforeAll
    static void open() {
        sessions = StandaloneSessions.cpu(2);
        models = new PointCloudModelsComponent(sessions);
        packages = Path.of(System.getProperty("pointe.test.packages", "target/test-models"));
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private static FloatTensor grid(PointePackageInfo info, long seed) {
        return new FloatTensor(new long[] {1, info.gridWidth(), info.gridTokens()},
                new GaussianNoise(seed).next(info.gridWidth() * info.gridTokens()));
    }

    @Test
    void samplesReproduciblyWithBothStagesOrTheBaseAlone() throws Exception {
        try (PointCloudModel model = models.open(packages.resolve("tiny-pointe-encoder"))) {
            PointePackageInfo info = model.info();
            assertEquals(128, info.gridWidth());
            assertEquals(196, info.gridTokens());
            assertEquals(-1, info.gridLayer());
            assertEquals(1024, info.basePoints());
            assertEquals(3072, info.upsampledPoints());
            assertEquals(64, info.base().steps());
            assertEquals(3.0, info.base().sChurn());
            assertEquals(160.0, info.upsampler().sigmaMax());
            SamplingSettings settings = new SamplingSettings(3, true, info.base().withSteps(2), info.upsampler().withSteps(2));
            List<String> progress = new ArrayList<>();
            FloatTensor grid = grid(info, 1);
            PointCloud cloud = model.generate(grid, settings, (stage, done, total) -> progress.add(stage + done + "/" + total));
            assertEquals(List.of("base1/2", "base2/2", "upsampler1/2", "upsampler2/2"), progress);
            assertEquals(4096, cloud.size());
            assertArrayEquals(cloud.coordinates(), model.generate(grid, settings, (s, d, t) -> { }).coordinates());
            assertFalse(Arrays.equals(cloud.coordinates(), model.generate(grid, settings.withSeed(4), (s, d, t) -> { })
                    .coordinates()));
            PointCloud base = model.generate(grid, new SamplingSettings(3, false, settings.base(), null), (s, d, t) -> { });
            assertEquals(1024, base.size());
            assertArrayEquals(Arrays.copyOf(cloud.coordinates(), 3), Arrays.copyOf(base.coordinates(), 3),
                    "the upsampled cloud starts with the base points");
            for (float c : cloud.colours()) {
                assertTrue(c >= 0 && c <= 1 && Math.abs(c * 255 - Math.round(c * 255)) < 1e-4, "colours are k / 255");
            }
        }
    }

    @Test
    void badGridsAndInterruptsAreHandled() throws Exception {
        try (PointCloudModel model = models.open(packages.resolve("tiny-pointe-encoder"))) {
            PointePackageInfo info = model.info();
            SamplingSettings settings = new SamplingSettings(0, false, info.base().withSteps(3), null);
            PointeException shape = assertThrows(PointeException.class, () -> model.generate(
                    new FloatTensor(new long[] {1, 64, 196}, new float[64 * 196]), settings, (s, d, t) -> { }));
            assertEquals("The grid tokens have shape [1, 64, 196]; tiny-pointe-encoder reads [1, 128, tokens] (of the"
                    + " encoder package encoder)", shape.getMessage());
            FloatTensor grid = grid(info, 2);
            grid.data()[5] = Float.NaN;
            PointeException nan = assertThrows(PointeException.class, () -> model.generate(grid, settings, (s, d, t) -> { }));
            assertEquals("The grid tokens hold a value that is not finite (NaN)", nan.getMessage());
            Thread.currentThread().interrupt();
            InterruptedException stopped = assertThrows(InterruptedException.class,
                    () -> model.generate(grid(info, 3), settings, (s, d, t) -> { }));
            assertEquals("sampling stopped before step 1 of 3", stopped.getMessage());
            assertFalse(Thread.interrupted());
        }
        PointCloudModel closed = models.open(packages.resolve("tiny-pointe-encoder"));
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.generate(null, null, null));
    }

    @Test
    void damagedAndForeignPackagesAreRefused() throws Exception {
        Path copy = temp.resolve("copy");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(packages.resolve("tiny-pointe-encoder"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.write(copy.resolve("upsampler.onnx"), new byte[] {1, 2, 3});
        InvalidModelException damaged = assertThrows(InvalidModelException.class, () -> models.open(copy));
        assertTrue(damaged.getMessage().contains("upsampler.onnx has SHA-256"), damaged.getMessage());
        Files.delete(copy.resolve("upsampler.onnx"));
        InvalidModelException missing = assertThrows(InvalidModelException.class, () -> models.inspect(copy));
        assertTrue(missing.getMessage().contains("upsampler.onnx is missing"), missing.getMessage());
        InvalidModelException encoder = assertThrows(InvalidModelException.class,
                () -> models.open(packages.resolve("encoder")));
        assertTrue(encoder.getMessage().contains("it is an Alpha-CLIP encoder package (format 'alphaclip-model-package'),"
                + " not a Point-E one"), encoder.getMessage());
        InvalidModelException nothing = assertThrows(InvalidModelException.class, () -> models.open(temp.resolve("none")));
        assertTrue(nothing.getMessage().endsWith("does not exist or is not a folder"), nothing.getMessage());
    }
}
