package org.alphaclip.nerf.internal.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.api.gradient.DifferentiableEncoders;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.nerf.NerfException;
import org.alphaclip.nerf.NerfListener;
import org.alphaclip.nerf.NerfObject;
import org.alphaclip.nerf.NerfProgress;
import org.alphaclip.nerf.NerfSettings;
import org.alphaclip.nerf.TextTo3D;
import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.io.SurfaceMesh;
import org.alphaclip.nerf.internal.io.Turntable;
import org.alphaclip.nerf.internal.scene.CameraRig;
import org.alphaclip.nerf.internal.train.Checkpoint;
import org.alphaclip.nerf.internal.train.NerfOptimisation;
import org.alphaclip.nerf.internal.train.NerfState;
import org.alphaclip.sdk.io.Npy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

/**
 * Text-to-3D on the shared encoders: the prompt's embedding from the model's text tower, the gradient through its
 * TorchScript image tower, the optimisation with checkpoints, then the object's files.
 */
@Component(service = TextTo3D.class)
public final class NerfService implements TextTo3D {

    /** Views in an object's turntable. */
    public static final int TURNTABLE_VIEWS = 8;
    /** Side of the turntable views in pixels. */
    public static final int TURNTABLE_SIZE = 128;
    /** The opacity (over one voxel) the mesh's surface is drawn at. */
    public static final float MESH_LEVEL = 0.5f;

    private final AlphaClipEncoders encoders;
    private final DifferentiableEncoders differentiable;

    /** Uses the text towers and the differentiable image towers of the live packages. */
    @Activate
    public NerfService(@Reference AlphaClipEncoders encoders, @Reference DifferentiableEncoders differentiable) {
        this.encoders = encoders;
        this.differentiable = differentiable;
    }

    @Override
    public NerfObject create(String prompt, NerfSettings settings, Path folder, NerfListener listener)
            throws NerfException {
        if (prompt == null || prompt.isBlank()) {
            throw new NerfException("The prompt is empty; say what to make, e.g. 'a red star'");
        }
        String text = prompt.strip();
        checkMemory(settings);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new NerfException("Cannot create the output folder " + folder + ": " + e.getMessage(), e);
        }
        float[] embedding;
        try (EncoderLease lease = encoders.lease(settings.model())) {
            embedding = lease.encoder().encodeTexts(List.of(text), false)[0];
        } catch (InvalidModelException | EncoderException e) {
            throw new NerfException(e.getMessage(), e);
        }
        try (DifferentiableEncoder encoder = differentiable.open(settings.model())) {
            return new NerfRun(text, settings, folder, encoder, embedding).run(listener);
        } catch (EncoderException e) {
            throw new NerfException(e.getMessage(), e);
        }
    }

    /** Refuses settings whose grids and render buffers would not fit in the heap, with the estimate. */
    static void checkMemory(NerfSettings settings) throws NerfException {
        long points = (long) settings.gridSize() * settings.gridSize() * settings.gridSize();
        long rays = (long) settings.resolution() * settings.resolution();
        long samplesPerRay = (long) Math.ceil(3.5 * settings.gridSize());
        long estimate = points * 100 + rays * samplesPerRay * 120;
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (estimate > available) {
            throw new NerfException(String.format(Locale.ROOT, "A %d³ grid rendered at %d px needs about %.1f GB;"
                    + " %.1f GB of heap is free: lower --resolution or --grid, or give the JVM more memory (-Xmx)",
                    settings.gridSize(), settings.resolution(), estimate / 1e9, available / 1e9));
        }
    }

    @Override
    public List<Path> render(Path folder, int views, int size) throws NerfException {
        if (views < 1 || views > 360) {
            throw new NerfException("--views must lie in [1, 360], got " + views);
        }
        if (size < 16 || size > 2048) {
            throw new NerfException("--size must lie in [16, 2048], got " + size);
        }
        if (!Files.isRegularFile(folder.resolve(Checkpoint.FILE))) {
            throw new NerfException("No object in " + folder + ": it has no " + Checkpoint.FILE + " (make one with"
                    + " nerf:create)");
        }
        NerfState state = Checkpoint.read(folder, null);
        try {
            return Turntable.write(state, CameraRig.OFFICIAL, views, size, folder.resolve("render-" + size));
        } catch (IOException e) {
            throw new NerfException("Cannot write the views into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** One create call: resume or start, the loop with checkpoints and progress, then the object's files. */
    private static final class NerfRun {
        private final String prompt;
        private final NerfSettings settings;
        private final Path folder;
        private final NerfOptimisation optimisation;
        private final String identity;

        NerfRun(String prompt, NerfSettings settings, Path folder, DifferentiableEncoder encoder, float[] embedding) {
            this.prompt = prompt;
            this.settings = settings;
            this.folder = folder;
            this.optimisation = new NerfOptimisation(settings, encoder, embedding);
            this.identity = Checkpoint.identity(prompt, settings.withCheckpointEvery(1));
        }

        NerfObject run(NerfListener listener) throws NerfException, EncoderException {
            NerfState state = Files.isRegularFile(folder.resolve(Checkpoint.FILE))
                    ? Checkpoint.read(folder, identity) : optimisation.start();
            int resumedFrom = state.step();
            long start = System.nanoTime();
            while (state.step() < settings.iterations()) {
                if (Thread.currentThread().isInterrupted()) {
                    save(state);
                    throw new NerfException("Stopped after step " + state.step() + " of " + settings.iterations()
                            + "; the checkpoint in " + folder + " keeps them: run the same command to resume");
                }
                NerfOptimisation.StepResult result = optimisation.step(state);
                if (state.step() % settings.checkpointEvery() == 0) {
                    save(state);
                }
                listener.step(new NerfProgress(state.step(), settings.iterations(), result.loss(),
                        result.similarity(), (System.nanoTime() - start) / 1e9, state.geometry().largestSize()));
            }
            save(state);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new NerfObject(folder, prompt, state.step(), resumedFrom, state.similarity(), seconds,
                    writeFiles(state, resumedFrom, state.similarity(), seconds));
        }

        private void save(NerfState state) throws NerfException {
            try {
                Checkpoint.write(folder, identity, state);
            } catch (IOException e) {
                throw new NerfException("Cannot write the checkpoint into " + folder + ": " + e.getMessage(), e);
            }
        }

        private List<Path> writeFiles(NerfState state, int resumedFrom, double similarity, double seconds)
                throws NerfException {
            try {
                List<Path> files = new ArrayList<>(Turntable.write(state, CameraRig.OFFICIAL, TURNTABLE_VIEWS,
                        TURNTABLE_SIZE, folder));
                float[] opacity = DensityActivation.forInitialAlpha(DensityActivation.DEFAULT_ALPHA_INIT)
                        .alphas(state.grids().density(), 1f);
                float[] colour = state.grids().colour().clone();
                for (int i = 0; i < colour.length; i++) {
                    colour[i] = (float) (1 / (1 + Math.exp(-colour[i])));
                }
                SurfaceMesh mesh = SurfaceMesh.extract(state.geometry(), opacity, colour, MESH_LEVEL);
                Path ply = folder.resolve("mesh.ply");
                Path obj = folder.resolve("mesh.obj");
                mesh.writePly(ply);
                mesh.writeObj(obj);
                files.add(ply);
                files.add(obj);
                int[] sizes = state.geometry().sizes();
                Path density = folder.resolve("density.npy");
                Path colourGrid = folder.resolve("colour.npy");
                Npy.write(density, new FloatTensor(new long[] {1, 1, sizes[0], sizes[1], sizes[2]},
                        state.grids().density()));
                Npy.write(colourGrid, new FloatTensor(new long[] {1, 3, sizes[0], sizes[1], sizes[2]},
                        state.grids().colour()));
                files.add(density);
                files.add(colourGrid);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("prompt", prompt);
                summary.put("settings", settings);
                summary.put("steps", state.step());
                summary.put("resumedFrom", resumedFrom);
                summary.put("similarity", similarity);
                summary.put("seconds", seconds);
                summary.put("grid", state.geometry().sizes());
                summary.put("meshVertices", mesh.vertexCount());
                summary.put("meshTriangles", mesh.triangleCount());
                Path json = folder.resolve("summary.json");
                Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(summary) + "\n");
                files.add(json);
                files.add(folder.resolve(Checkpoint.FILE));
                return files;
            } catch (IOException e) {
                throw new NerfException("Cannot write the object's files into " + folder + ": " + e.getMessage(), e);
            }
        }
    }
}
