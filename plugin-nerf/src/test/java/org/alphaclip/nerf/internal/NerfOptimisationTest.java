package org.alphaclip.nerf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.core.internal.torch.TorchModules;
import org.alphaclip.core.internal.torch.TorchScriptEncoders;
import org.alphaclip.nerf.NerfException;
import org.alphaclip.nerf.NerfSettings;
import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.io.SurfaceMesh;
import org.alphaclip.nerf.internal.train.Checkpoint;
import org.alphaclip.nerf.internal.train.NerfOptimisation;
import org.alphaclip.nerf.internal.train.NerfState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimisation loop on the shipped default encoder (its TorchScript image tower): a run stopped, checkpointed
 * and resumed ends with the same grids as one run straight through; the first steps raise the similarity to the
 * prompt; checkpoints of another run or altered ones are refused and left alone; the mesh of the result is closed
 * around the carved-out scene.
 */
class NerfOptimisationTest {

    private static final NerfSettings SETTINGS = NerfSettings.defaults().withIterations(8).withResolution(24)
            .withGridSize(16);

    private static StandaloneSessions sessions;
    private static TorchModules modules;
    private static DifferentiableEncoder encoder;
    private static float[] text;

    @TempDir
    Path folder;

    @BeforeAll
    static void open() throws Exception {
        ModelPackage modelPackage = ModelPackageReader.read(Path.of(System.getProperty("nerf.test.encoder")));
        sessions = StandaloneSessions.open();
        try (OnnxAlphaClipEncoder onnx = new OnnxAlphaClipEncoder(modelPackage, sessions)) {
            text = onnx.encodeTexts(List.of("a red star"), false)[0];
        }
        modules = new TorchModules("cpu");
        encoder = TorchScriptEncoders.open(modelPackage.info(), modules, "test");
    }

    @AfterAll
    static void close() {
        encoder.close();
        modules.close();
        sessions.close();
    }

    @Test
    void aResumedRunEndsWhereARunStraightThroughEnds() throws Exception {
        NerfOptimisation optimisation = new NerfOptimisation(SETTINGS, encoder, text);
        NerfState straight = optimisation.start();
        double first = optimisation.step(straight).similarity();
        double last = first;
        while (straight.step() < SETTINGS.iterations()) {
            last = optimisation.step(straight).similarity();
        }
        assertTrue(last > first, "the similarity to the prompt rises: " + first + " -> " + last);

        String identity = Checkpoint.identity("a red star", SETTINGS);
        NerfState stopped = optimisation.start();
        while (stopped.step() < 5) {
            optimisation.step(stopped);
        }
        Checkpoint.write(folder, identity, stopped);
        NerfState resumed = Checkpoint.read(folder, identity);
        assertEquals(5, resumed.step());
        assertEquals(stopped.stage(), resumed.stage());
        while (resumed.step() < SETTINGS.iterations()) {
            optimisation.step(resumed);
        }
        assertArrayEquals(straight.geometry().sizes(), resumed.geometry().sizes(), "the grids were scaled alike");
        assertArrayEquals(straight.grids().density(), resumed.grids().density(), "density after the resumed run");
        assertArrayEquals(straight.grids().colour(), resumed.grids().colour(), "colour after the resumed run");
    }

    @Test
    void checkpointsOfAnotherRunOrAlteredOnesAreRefusedAndKept() throws Exception {
        NerfOptimisation optimisation = new NerfOptimisation(SETTINGS, encoder, text);
        NerfState state = optimisation.start();
        optimisation.step(state);
        Checkpoint.write(folder, "run A", state);
        NerfException other = assertThrows(NerfException.class, () -> Checkpoint.read(folder, "run B"));
        assertTrue(other.getMessage().contains("belongs to another run (run A)"), other.getMessage());

        Path file = folder.resolve(Checkpoint.FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        NerfException corrupt = assertThrows(NerfException.class, () -> Checkpoint.read(folder, "run A"));
        assertTrue(corrupt.getMessage().contains("is corrupt (its checksum does not match"), corrupt.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file), "the corrupt checkpoint is left as it is");

        Files.write(file, new byte[] {1, 2, 3});
        assertTrue(assertThrows(NerfException.class, () -> Checkpoint.read(folder, null)).getMessage()
                .contains("is corrupt (it is 3 bytes long)"));
    }

    @Test
    void aBallOfDensityMeshesIntoAClosedSphere() {
        NerfOptimisation optimisation = new NerfOptimisation(SETTINGS, encoder, text);
        NerfState state = optimisation.start();
        var geometry = org.alphaclip.nerf.internal.grid.GridGeometry.of(state.geometry().bounds(), 32768, 32768);
        float[] density = new float[geometry.pointCount()];
        for (int x = 0; x < geometry.sizeX(); x++) {
            for (int y = 0; y < geometry.sizeY(); y++) {
                for (int z = 0; z < geometry.sizeZ(); z++) {
                    float px = geometry.coordinate(0, x);
                    float py = geometry.coordinate(1, y);
                    float pz = geometry.coordinate(2, z);
                    density[geometry.index(x, y, z)] = px * px + py * py + pz * pz < 0.64f ? 30f : -30f;
                }
            }
        }
        float[] opacity = DensityActivation.forInitialAlpha(DensityActivation.DEFAULT_ALPHA_INIT).alphas(density, 1f);
        SurfaceMesh mesh = SurfaceMesh.extract(geometry, opacity, new float[3 * density.length], 0.5f);
        assertTrue(mesh.triangleCount() > 200, "triangles: " + mesh.triangleCount());
        java.util.Map<Long, Integer> edges = new java.util.HashMap<>();
        for (int t = 0; t < mesh.triangleCount(); t++) {
            for (int e = 0; e < 3; e++) {
                long a = mesh.triangles()[t * 3 + e];
                long b = mesh.triangles()[t * 3 + (e + 1) % 3];
                edges.merge(Math.min(a, b) * 1_000_000 + Math.max(a, b), 1, Integer::sum);
            }
        }
        assertTrue(edges.values().stream().allMatch(n -> n == 2), "every edge joins exactly two triangles (closed)");
        for (int v = 0; v < mesh.vertexCount(); v++) {
            float[] p = mesh.positions();
            double r = Math.sqrt(p[v * 3] * p[v * 3] + p[v * 3 + 1] * p[v * 3 + 1] + p[v * 3 + 2] * p[v * 3 + 2]);
            assertTrue(Math.abs(r - 0.8) < 0.1, "vertex " + v + " at radius " + r);
        }
    }
}
