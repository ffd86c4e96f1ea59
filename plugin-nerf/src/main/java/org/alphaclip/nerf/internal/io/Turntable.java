package org.alphaclip.nerf.internal.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alphaclip.nerf.internal.augment.Planes;
import org.alphaclip.nerf.internal.grid.DensityActivation;
import org.alphaclip.nerf.internal.render.RaySampler;
import org.alphaclip.nerf.internal.render.RenderPass;
import org.alphaclip.nerf.internal.render.VolumeRenderer;
import org.alphaclip.nerf.internal.scene.CameraPose;
import org.alphaclip.nerf.internal.scene.CameraRig;
import org.alphaclip.nerf.internal.scene.PinholeCamera;
import org.alphaclip.nerf.internal.train.NerfOptimisation;
import org.alphaclip.nerf.internal.train.NerfState;

/** Views of an object's grids around it, as the official video renders them (white background, fixed elevation). */
public final class Turntable {

    private Turntable() {
    }

    /** One view of {@code size}² pixels from {@code pose}: colour planes and the opacity plane. */
    public static Planes[] view(NerfState state, CameraRig rig, CameraPose pose, int size) {
        DensityActivation activation = DensityActivation.forInitialAlpha(DensityActivation.DEFAULT_ALPHA_INIT);
        RenderPass pass = new VolumeRenderer(activation, NerfOptimisation.THRESHOLD).render(state.grids(),
                new RaySampler(rig.near(), rig.far(), NerfOptimisation.STEP_SIZE)
                        .sample(PinholeCamera.blender(size).rays(pose), state.occupancy()),
                NerfOptimisation.STEP_SIZE * state.geometry().voxelSizeRatio(), 1f);
        return new Planes[] {NerfOptimisation.colourPlanes(pass.rgb(), size), new Planes(1, size, size, pass.alpha())};
    }

    /** {@code count} views as {@code view-NN.png} and a looping {@code turntable.gif} in {@code folder}. */
    public static List<Path> write(NerfState state, CameraRig rig, int count, int size, Path folder)
            throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        List<BufferedImage> frames = new ArrayList<>();
        List<CameraPose> poses = rig.turntable(count);
        for (int i = 0; i < poses.size(); i++) {
            BufferedImage image = ViewImages.image(view(state, rig, poses.get(i), size)[0]);
            Path file = folder.resolve(String.format(Locale.ROOT, "view-%02d.png", i));
            ViewImages.writePng(image, file);
            files.add(file);
            frames.add(image);
        }
        Path gif = folder.resolve("turntable.gif");
        ViewImages.writeGif(frames, 120, gif);
        files.add(gif);
        return files;
    }
}
