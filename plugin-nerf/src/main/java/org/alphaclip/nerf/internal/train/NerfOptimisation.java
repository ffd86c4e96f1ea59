package org.alphaclip.nerf.internal.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.api.gradient.ImageBatch;
import org.alphaclip.api.gradient.SimilarityGradient;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.nerf.NerfSettings;
import org.alphaclip.nerf.internal.augment.AugmentationPlan;
import org.alphaclip.nerf.internal.augment.Planes;
import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.grid.GridGeometry;
import org.alphaclip.nerf.internal.grid.OccupancyMask;
import org.alphaclip.nerf.internal.grid.VoxelGrids;
import org.alphaclip.nerf.internal.render.GridGradients;
import org.alphaclip.nerf.internal.render.RaySampler;
import org.alphaclip.nerf.internal.render.RenderPass;
import org.alphaclip.nerf.internal.render.VolumeRenderer;
import org.alphaclip.nerf.internal.scene.CameraPose;
import org.alphaclip.nerf.internal.scene.CameraRig;
import org.alphaclip.nerf.internal.scene.PinholeCamera;
import org.alphaclip.nerf.internal.scene.SceneBounds;

/**
 * PureCLIPNeRF's optimisation of the explicit grids, one step at a time, with the loop's parts kept apart: the
 * camera rig, the renderer (model), the augmentation plan (pre-processing), the encoder's similarity gradient, the
 * regularisers and masked Adam (optimiser), on the official schedule scaled to the run ({@link Schedule}).
 *
 * <p>One step, written out in {@link #step}: pick a camera → march its rays → render colour and transmittance →
 * augment into the encoder's batch → cosine similarity to the prompt and its gradient → back through the
 * augmentations → transparency and entropy on the transmittance → back through the renderer to both grids →
 * density prior and total variation → Adam.
 */
public final class NerfOptimisation {

    /** Steps per voxel along a ray. */
    public static final float STEP_SIZE = 0.5f;
    /** Samples and weights at or below this are skipped ({@code fast_color_thres}). */
    public static final float THRESHOLD = 1e-7f;
    /** The total-variation weight of both grids. */
    public static final float TV_WEIGHT = 0.1f;
    /** Training cameras the scene box is found from ({@code num_sampled_poses}). */
    public static final int BOX_CAMERAS = 1000;

    private final NerfSettings settings;
    private final DifferentiableEncoder encoder;
    private final float[] textEmbedding;
    private final Schedule schedule;
    private final CameraRig rig = CameraRig.OFFICIAL;
    private final PinholeCamera camera;
    private final DensityActivation activation = DensityActivation.forInitialAlpha(DensityActivation.DEFAULT_ALPHA_INIT);
    private final VolumeRenderer renderer = new VolumeRenderer(activation, THRESHOLD);
    private final RaySampler sampler;

    /**
     * @param settings the run's settings
     * @param encoder the differentiable image tower guiding the run
     * @param textEmbedding the prompt's embedding by the same model
     */
    public NerfOptimisation(NerfSettings settings, DifferentiableEncoder encoder, float[] textEmbedding) {
        this.settings = settings;
        this.encoder = encoder;
        this.textEmbedding = textEmbedding.clone();
        this.schedule = new Schedule(settings.iterations());
        this.camera = PinholeCamera.blender(settings.resolution());
        this.sampler = new RaySampler(rig.near(), rig.far(), STEP_SIZE);
    }

    /** The final voxel budget. */
    long finalVoxels() {
        return (long) settings.gridSize() * settings.gridSize() * settings.gridSize();
    }

    /**
     * The state before the first step: the scene box of {@value #BOX_CAMERAS} random training cameras, zero grids on
     * the first stage's lattice with the points near any of those cameras carved out, everything occupied.
     */
    public NerfState start() {
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<CameraPose> poses = new ArrayList<>();
        for (int i = 0; i < BOX_CAMERAS; i++) {
            poses.add(rig.random(random));
        }
        SceneBounds bounds = SceneBounds.ofFrustums(poses, PinholeCamera.blender(Math.min(settings.resolution(), 64)),
                rig.near(), rig.far());
        GridGeometry geometry = GridGeometry.of(bounds, schedule.voxelsAt(0, finalVoxels()), finalVoxels());
        VoxelGrids grids = VoxelGrids.zeros(geometry);
        grids.carveNearCameras(poses.stream().map(CameraPose::origin).toList(), rig.near());
        return new NerfState(grids, OccupancyMask.full(geometry), newAdam(geometry.pointCount()),
                newAdam(3 * geometry.pointCount()), 0, 0);
    }

    private MaskedAdam newAdam(int size) {
        return MaskedAdam.official(size, settings.learningRate(), schedule.decayPerStep());
    }

    /** What one step measured. */
    public record StepResult(double loss, double similarity) {
    }

    /**
     * One optimisation step on {@code state}, in place.
     *
     * @throws EncoderException when the encoder fails
     */
    public StepResult step(NerfState state) throws EncoderException {
        return step(state, new StepPhases());
    }

    /** One step, adding the time of each part to {@code phases}. */
    public StepResult step(NerfState state, StepPhases phases) throws EncoderException {
        long mark = System.nanoTime();
        int step = state.step;
        scaleIfDue(state);
        SplittableRandom random = new SplittableRandom(settings.seed() * 1_000_003L + step);
        GridGeometry geometry = state.geometry();
        int size = settings.resolution();

        // render one random view
        CameraPose pose = rig.random(random);
        RenderPass pass = renderer.render(state.grids, sampler.sample(camera.rays(pose), state.occupancy),
                STEP_SIZE * geometry.voxelSizeRatio(), 1f);
        Planes rgb = colourPlanes(pass.rgb(), size);
        Planes transmittance = new Planes(1, size, size, pass.transmittance());
        mark = lap(phases, StepPhases.Phase.RENDER, mark);

        // CLIP loss: 1 − mean cosine over the augmented batch, and its gradient back to the rendered view
        Preprocessing preprocessing = encoder.model().preprocessing();
        AugmentationPlan plan = new AugmentationPlan(random, size, encoder.model().vision().resolution(),
                settings.copies(), settings.backgroundAugmentation() ? settings.backgrounds() : 0,
                settings.alphaGuidance(), preprocessing.mean(), preprocessing.std(), preprocessing.alphaMean(),
                preprocessing.alphaStd());
        ImageBatch batch = plan.forward(rgb, transmittance);
        mark = lap(phases, StepPhases.Phase.AUGMENT, mark);
        SimilarityGradient similarity = encoder.similarityGradient(batch, textEmbedding);
        mark = lap(phases, StepPhases.Phase.ENCODER, mark);
        Planes[] viewGradient = plan.backward(negate(similarity.pixelGradient()), negate(similarity.alphaGradient()));
        mark = lap(phases, StepPhases.Phase.AUGMENT, mark);
        double loss = 1 - similarity.meanSimilarity();

        // regularisers of the transmittance
        float[] transmittanceGradient = viewGradient[1].values();
        loss += NerfLosses.transparency(pass.transmittance(), step, schedule.annealSteps(), transmittanceGradient);
        loss += NerfLosses.entropy(pass.transmittance(), transmittanceGradient);

        // back through the renderer: the loss's gradient per ray (alpha = 1 − T)
        float[] rayRgbGradient = rayMajor(viewGradient[0], size);
        float[] rayAlphaGradient = negate(transmittanceGradient);
        GridGradients gradients = pass.backward(rayRgbGradient, rayAlphaGradient);

        // regularisers of the grids
        if (schedule.priorActive(step)) {
            loss += NerfLosses.densityPrior(state.grids.density(), geometry, activation, gradients.density());
        }
        if (schedule.totalVariationActive(step)) {
            float weight = TV_WEIGHT / (size * size);
            TotalVariation.addGradient(state.grids.density(), gradients.density(), geometry, weight, false);
            TotalVariation.addGradient(state.grids.colour(), gradients.colour(), geometry, weight, false);
        }
        mark = lap(phases, StepPhases.Phase.RENDER_BACKWARD, mark);
        state.densityAdam.update(state.grids.density(), gradients.density());
        state.colourAdam.update(state.grids.colour(), gradients.colour());
        state.step = step + 1;
        state.similarity = similarity.meanSimilarity();
        if (schedule.renewOccupancy(state.step)) {
            renewOccupancy(state);
        }
        lap(phases, StepPhases.Phase.UPDATE, mark);
        phases.countStep();
        return new StepResult(loss, similarity.meanSimilarity());
    }

    private static long lap(StepPhases phases, StepPhases.Phase phase, long since) {
        long now = System.nanoTime();
        phases.add(phase, now - since);
        return now;
    }

    /** At a progressive-scaling step: resample both grids on the doubled budget, lower the density, reset Adam. */
    private void scaleIfDue(NerfState state) {
        int stage = schedule.stageAt(state.step);
        if (stage == state.stage) {
            return;
        }
        GridGeometry current = state.geometry();
        GridGeometry next = GridGeometry.of(current.bounds(), schedule.voxelsAt(stage, finalVoxels()), finalVoxels());
        VoxelGrids grids = state.grids.resampled(next);
        float[] density = grids.density();
        for (int i = 0; i < density.length; i++) {
            density[i] -= 1;
        }
        state.grids = grids;
        state.occupancy = OccupancyMask.full(next);
        renewOccupancy(state);
        state.densityAdam = newAdam(next.pointCount());
        state.colourAdam = newAdam(3 * next.pointCount());
        state.stage = stage;
    }

    private void renewOccupancy(NerfState state) {
        float[] alpha = activation.alphas(state.grids.density(), state.geometry().voxelSizeRatio());
        state.occupancy = state.occupancy.renewed(alpha, THRESHOLD);
    }

    /** Ray-major colour ({@code [pixels][3]}) as three planes. */
    public static Planes colourPlanes(float[] rayMajor, int size) {
        int plane = size * size;
        float[] values = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                values[c * plane + p] = rayMajor[p * 3 + c];
            }
        }
        return new Planes(3, size, size, values);
    }

    private static float[] rayMajor(Planes planes, int size) {
        int plane = size * size;
        float[] values = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                values[p * 3 + c] = planes.values()[c * plane + p];
            }
        }
        return values;
    }

    private static float[] negate(float[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = -values[i];
        }
        return result;
    }
}
