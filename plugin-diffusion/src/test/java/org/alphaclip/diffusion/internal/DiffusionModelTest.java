package org.alphaclip.diffusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.diffusion.DiffusionException;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code DiffusionModels} service on the package the exporter made from the fixture's tiny models
 * ({@code target/test-models/tiny-imgvar}, random weights: the behaviour is checked, not the pictures): generation is
 * reproducible per seed, every scheduler runs, progress is reported per step, an interrupt stops the loop, bad
 * embeddings and settings are refused with the argument named, and damaged or foreign packages are refused on open.
 */
class DiffusionModelTest {

    private static StandaloneSessions sessions;
    private static DiffusionModelsComponent models;
    private static Path tiny;

    @TempDir
    Path temp;

    @BeforeAll
    static void open() {
        sessions = StandaloneSessions.cpu(2);
        models = new DiffusionModelsComponent(sessions);
        tiny = Path.of(System.getProperty("diffusion.test.packages", "target/test-models")).resolve("tiny-imgvar");
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private static float[] embedding(int dim, float value) {
        float[] e = new float[dim];
        for (int i = 0; i < dim; i++) {
            e[i] = value * (i % 5 - 2);
        }
        return e;
    }

    @Test
    void variationsAreReproduciblePerSeedWithEveryScheduler() throws Exception {
        try (DiffusionModel model = models.open(tiny)) {
            DiffusionPackageInfo info = model.info();
            assertEquals("image-variation", info.pipeline());
            assertEquals(16, info.imageSize());
            assertEquals("pndm", info.scheduler());
            float[] e = embedding(info.conditioningDim(), 0.3f);
            List<Integer> progress = new ArrayList<>();
            RgbImage first = model.vary(e, new VariationSettings(4, 3.0, 11, ""), (done, total) -> progress.add(done * 100 + total));
            assertEquals(List.of(105, 205, 305, 405, 505), progress, "PNDM: 4 steps are 5 UNet evaluations");
            assertEquals(16, first.width());
            assertArrayEquals(first.rgb(), model.vary(e, new VariationSettings(4, 3.0, 11, ""), (d, t) -> { }).rgb());
            assertFalse(Arrays.equals(first.rgb(), model.vary(e, new VariationSettings(4, 3.0, 12, ""), (d, t) -> { }).rgb()));
            assertFalse(Arrays.equals(first.rgb(), model.vary(e, new VariationSettings(4, 1.0, 11, ""), (d, t) -> { }).rgb()),
                    "guidance 1 runs the UNet unguided");
            for (String scheduler : List.of("ddim", "euler", "EulerDiscreteScheduler")) {
                RgbImage image = model.vary(e, new VariationSettings(3, 2.0, 5, scheduler), (d, t) -> { });
                assertEquals(16, image.height(), scheduler);
            }
        }
    }

    @Test
    void badEmbeddingsSettingsAndInterruptsAreHandled() throws Exception {
        try (DiffusionModel model = models.open(tiny)) {
            int dim = model.info().conditioningDim();
            VariationSettings settings = new VariationSettings(3, 3.0, 0, "");
            DiffusionException size = assertThrows(DiffusionException.class,
                    () -> model.vary(new float[dim + 1], settings, (d, t) -> { }));
            assertTrue(size.getMessage().startsWith("The embedding has " + (dim + 1) + " values;"), size.getMessage());
            float[] nan = embedding(dim, 1f);
            nan[3] = Float.NaN;
            assertEquals("The embedding holds a value that is not finite (NaN)",
                    assertThrows(DiffusionException.class, () -> model.vary(nan, settings, (d, t) -> { })).getMessage());
            assertTrue(assertThrows(DiffusionException.class, () -> model.vary(embedding(dim, 1f),
                    new VariationSettings(3, 3.0, 0, "heun"), (d, t) -> { })).getMessage().startsWith("Unknown scheduler 'heun'"));
            assertEquals("steps must be at least 1, got 0",
                    assertThrows(IllegalArgumentException.class, () -> new VariationSettings(0, 3.0, 0, "")).getMessage());
            assertEquals("guidance must be a finite number of at least 0, got NaN",
                    assertThrows(IllegalArgumentException.class, () -> new VariationSettings(5, Double.NaN, 0, "")).getMessage());

            List<Integer> steps = new ArrayList<>();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> model.vary(embedding(dim, 1f), settings, (d, t) -> steps.add(d)));
            assertTrue(steps.isEmpty(), "the loop stops before its first step");
            assertFalse(Thread.currentThread().isInterrupted());
        }
        DiffusionModel closed = models.open(tiny);
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.vary(new float[4], new VariationSettings(1, 1, 0, ""), (d, t) -> { }));
    }

    @Test
    void damagedAndForeignPackagesAreRefused() throws Exception {
        Path copy = copy(tiny, temp.resolve("copy"));
        Files.write(copy.resolve("scheduler/scheduler_config.json"), "{\"_class_name\": \"PNDMScheduler\"}".getBytes());
        String tampered = assertThrows(InvalidModelException.class, () -> models.open(copy)).getMessage();
        assertTrue(tampered.contains("scheduler/scheduler_config.json has SHA-256") && tampered.contains("changed or damaged"),
                tampered);
        Files.copy(tiny.resolve("scheduler/scheduler_config.json"), copy.resolve("scheduler/scheduler_config.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(copy.resolve("vae_decoder/model.onnx"));
        assertTrue(assertThrows(InvalidModelException.class, () -> models.open(copy)).getMessage()
                .contains("file vae_decoder/model.onnx is missing"));
        Path encoder = FixtureSets.set("alphaclip-reference");
        assertTrue(assertThrows(InvalidModelException.class, () -> models.open(encoder)).getMessage().contains("has no manifest.json"));
        Path other = Files.createDirectories(temp.resolve("encoder-package"));
        Files.writeString(other.resolve("manifest.json"), "{\"format\": \"alphaclip-model-package\"}");
        assertTrue(assertThrows(InvalidModelException.class, () -> models.inspect(other)).getMessage()
                .contains("it is an Alpha-CLIP encoder package (format 'alphaclip-model-package'), not a diffusion one"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
