package org.alphaclip.nerf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.grid.GridGeometry;
import org.alphaclip.nerf.internal.grid.OccupancyMask;
import org.alphaclip.nerf.internal.grid.VoxelGrids;
import org.alphaclip.nerf.internal.render.GridGradients;
import org.alphaclip.nerf.internal.render.RaySampler;
import org.alphaclip.nerf.internal.render.RaySamples;
import org.alphaclip.nerf.internal.render.RenderPass;
import org.alphaclip.nerf.internal.render.VolumeRenderer;
import org.alphaclip.nerf.internal.scene.CameraPose;
import org.alphaclip.nerf.internal.scene.PinholeCamera;
import org.alphaclip.nerf.internal.scene.Rays;
import org.alphaclip.nerf.internal.scene.SceneBounds;
import org.alphaclip.nerf.internal.train.TotalVariation;
import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;


/**
 * The renderer against PureCLIPNeRF's official code ({@code nerf-reference}): cameras, scene box, lattice,
 * carving, occupancy, ray marching, the rendered colour, opacity and depth, and the gradients of the reference
 * losses with respect to both grids, the opacity-only loss included. Every number comes from the set's files.
 */
class RendererParityTest {

    private final NerfReference reference = new NerfReference(FixtureSets.set("nerf-reference"));
    private final JsonObject cameras = reference.facts().getAsJsonObject("cameras");
    private final JsonObject model = reference.facts().getAsJsonObject("model");

    private List<CameraPose> poses() {
        float[] values = reference.floats("poses_c2w");
        List<CameraPose> poses = new ArrayList<>();
        for (int i = 0; i < values.length / 16; i++) {
            double[] matrix = new double[16];
            for (int j = 0; j < 16; j++) {
                matrix[j] = values[i * 16 + j];
            }
            poses.add(new CameraPose(matrix));
        }
        return poses;
    }

    private PinholeCamera camera() {
        float[] k = reference.floats("K");
        return new PinholeCamera(cameras.get("W").getAsInt(), cameras.get("H").getAsInt(), k[0], k[2], k[5]);
    }

    private List<CameraPose> trainPoses() {
        List<CameraPose> all = poses();
        List<CameraPose> train = new ArrayList<>();
        cameras.getAsJsonArray("i_train").forEach(i -> train.add(all.get(i.getAsInt())));
        return train;
    }

    private double near() {
        return cameras.get("near").getAsDouble();
    }

    private double far() {
        return cameras.get("far").getAsDouble();
    }

    private SceneBounds bounds() {
        return new SceneBounds(reference.floats("xyz_min"), reference.floats("xyz_max"));
    }

    private GridGeometry geometry() {
        return GridGeometry.of(bounds(), model.get("num_voxels").getAsLong(), model.get("num_voxels_base").getAsLong());
    }

    private Rays allRays() {
        Rays rays = null;
        for (CameraPose pose : poses()) {
            Rays view = camera().rays(pose);
            rays = rays == null ? view : rays.concat(view);
        }
        return rays;
    }

    private RaySampler sampler() {
        return new RaySampler(near(), far(), model.get("stepsize").getAsDouble());
    }

    private OccupancyMask occupancy(GridGeometry geometry) {
        float[] stored = reference.floats("occupancy");
        boolean[] flags = new boolean[stored.length];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = stored[i] != 0;
        }
        return OccupancyMask.of(geometry, flags);
    }

    private DensityActivation activation() {
        return DensityActivation.forInitialAlpha(model.get("alpha_init").getAsDouble());
    }

    @Test
    void camerasAndRaysAreTheOfficialOnes() {
        assertClose(reference.floats("rays_o"), allRays().origins(), 1e-5, "ray origins");
        assertClose(reference.floats("rays_d"), allRays().directions(), 1e-5, "ray directions");
        List<CameraPose> all = poses();
        CameraPose test = all.get(all.size() - 1);
        double[] origin = test.origin();
        double radius = Math.sqrt(origin[0] * origin[0] + origin[1] * origin[1] + origin[2] * origin[2]);
        double[] expected = test.matrix();
        double[] spherical = CameraPose.spherical(30, -45, radius).matrix();
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], spherical[i], 1e-5, "test pose entry " + i);
        }
    }

    @Test
    void sceneBoxLatticeCarvingAndOccupancyAreTheOfficialOnes() {
        SceneBounds found = SceneBounds.ofFrustums(trainPoses(), camera(), near(), far());
        assertClose(reference.floats("xyz_min"), found.min(), 1e-5, "box min");
        assertClose(reference.floats("xyz_max"), found.max(), 1e-5, "box max");

        GridGeometry geometry = geometry();
        int[] worldSize = new int[3];
        for (int i = 0; i < 3; i++) {
            worldSize[i] = model.getAsJsonArray("world_size").get(i).getAsInt();
        }
        assertArrayEquals(worldSize, geometry.sizes(), "world size");
        assertEquals(model.get("voxel_size").getAsDouble(), geometry.voxelSize(), 1e-6, "voxel size");
        assertEquals(model.get("voxel_size_ratio").getAsDouble(), geometry.voxelSizeRatio(), 1e-6, "voxel ratio");
        assertEquals(model.get("stepdist").getAsDouble(), sampler().stepDistance(geometry), 1e-7, "step distance");
        assertEquals(model.get("act_shift_fp32").getAsDouble(), activation().shift(), 1e-6, "activation shift");

        VoxelGrids grids = new VoxelGrids(geometry, reference.floats("density_init"), reference.floats("k0"));
        List<double[]> centres = trainPoses().stream().map(CameraPose::origin).toList();
        int carved = grids.carveNearCameras(centres, near());
        assertEquals(model.get("n_masked_out_voxels").getAsInt(), carved, "carved voxels");
        assertArrayEquals(reference.floats("density"), grids.density(), "carved density");

        float[] alpha = activation().alphas(grids.density(), geometry.voxelSizeRatio());
        OccupancyMask renewed = OccupancyMask.full(geometry).renewed(alpha,
                model.get("fast_color_thres").getAsFloat());
        assertEquals(model.get("n_occupied").getAsInt(), renewed.occupiedCount(), "occupied points");
        assertArrayEquals(occupancy(geometry).flags(), renewed.flags(), "occupancy");
    }

    @Test
    void raysAreMarchedAsTheOfficialKernelMarchesThem() {
        RaySamples samples = sampler().sample(allRays(), occupancy(geometry()));
        assertClose(reference.floats("t_min"), samples.tMin(), 1e-5, "t_min");
        assertClose(reference.floats("t_max"), samples.tMax(), 1e-5, "t_max");
        assertArrayEquals(ints(reference.floats("n_steps")), samples.stepsPerRay(), "steps per ray");
        assertArrayEquals(ints(reference.floats("n_inbbox")), samples.inBoxPerRay(), "samples in the box per ray");
    }

    @Test
    void renderingAndGradientsEqualTheOfficialOnes() {
        GridGeometry geometry = geometry();
        RaySamples samples = sampler().sample(allRays(), occupancy(geometry));
        VoxelGrids grids = new VoxelGrids(geometry, reference.floats("density"), reference.floats("k0"));
        VolumeRenderer renderer = new VolumeRenderer(activation(), model.get("fast_color_thres").getAsFloat());
        RenderPass pass = renderer.render(grids, samples, model.get("interval").getAsFloat(), 1f);
        assertClose(reference.floats("rgb_marched"), pass.rgb(), 1e-4, "rgb");
        assertClose(reference.floats("alpha"), pass.alpha(), 1e-4, "alpha");
        assertClose(reference.floats("alphainv_last"), pass.transmittance(), 1e-4, "transmittance");
        assertClose(reference.floats("depth"), pass.depth(), 5e-4, "depth");

        float[] wRgb = reference.floats("w_rgb");
        float[] wAlpha = reference.floats("w_alpha");
        JsonObject losses = reference.facts().getAsJsonObject("losses").getAsJsonObject("fp32");
        assertEquals(losses.get("rgb_only").getAsDouble(), dot(wRgb, pass.rgb()), 1e-3, "rgb-only loss");
        assertEquals(losses.get("alpha_only").getAsDouble(), dot(wAlpha, pass.alpha()), 1e-3, "alpha-only loss");
        Map<String, GridGradients> gradients = Map.of(
                "full", pass.backward(wRgb, wAlpha),
                "alpha_only", pass.backward(null, wAlpha),
                "rgb_only", pass.backward(wRgb, null));
        for (var loss : gradients.entrySet()) {
            assertGradient(reference.floats("grad_density__" + loss.getKey()), loss.getValue().density(),
                    "d" + loss.getKey() + "/d density");
            assertGradient(reference.floats("grad_k0__" + loss.getKey()), loss.getValue().colour(),
                    "d" + loss.getKey() + "/d colour");
        }
    }

    @Test
    void totalVariationAddsTheOfficialGradient() {
        GridGeometry geometry = geometry();
        float weight = 0.1f / reference.facts().getAsJsonObject("ray_stats").get("rays").getAsInt();
        for (String grid : new String[] {"d", "k"}) {
            float[] values = reference.floats(grid.equals("d") ? "density" : "k0");
            float[] gradient = reference.floats(grid.equals("d") ? "grad_density__full" : "grad_k0__full");
            float[] before = gradient.clone();
            TotalVariation.addGradient(values, gradient, geometry, weight, false);
            float[] increment = new float[gradient.length];
            for (int i = 0; i < increment.length; i++) {
                increment[i] = gradient[i] - before[i];
            }
            assertClose(reference.floats("tv_sparse_" + grid), increment, 1e-7, "sparse total variation of " + grid);
            float[] dense = new float[values.length];
            TotalVariation.addGradient(values, dense, geometry, weight, true);
            assertClose(reference.floats("tv_dense_" + grid), dense, 1e-7, "dense total variation of " + grid);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static void assertGradient(float[] expected, float[] actual, String what) {
        double max = 0;
        for (float value : expected) {
            max = Math.max(max, Math.abs(value));
        }
        assertClose(expected, actual, Math.max(1e-4 * max, 1e-9), what);
        if (max == 0) {
            for (float value : actual) {
                assertEquals(0f, value, what + " must be exactly zero");
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs(expected[i] - actual[i]);
            if (!(difference <= worst)) {
                worst = difference;
                at = i;
            }
        }
        assertTrue(worst <= tolerance, what + ": max difference " + worst + " at " + at + " (expected "
                + (at >= 0 ? expected[at] : 0) + ", got " + (at >= 0 ? actual[at] : 0) + "), tolerance " + tolerance);
        System.out.printf(java.util.Locale.ROOT, "%s: max |difference| %.2e (tolerance %.1e)%n", what, worst, tolerance);
    }

    private static int[] ints(float[] values) {
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.round(values[i]);
        }
        return result;
    }
}
