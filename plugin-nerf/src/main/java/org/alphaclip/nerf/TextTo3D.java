package org.alphaclip.nerf;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Creates and renders voxel-grid objects from text prompts. */
@ProviderType
public interface TextTo3D {

    /**
     * Optimises an object for {@code prompt} into {@code folder}: a checkpoint as it goes (an interrupted run given
     * the same folder, prompt and settings resumes where it stopped), then the turntable views, an animated GIF, a
     * mesh (PLY and OBJ), both grids as NumPy files (DVGO's {@code [1, C, X, Y, Z]} layout) and a summary.
     *
     * @throws NerfException on bad settings or prompt, a checkpoint of another run or a corrupt one, a missing
     *         differentiable encoder, or an interruption (the checkpoint keeps the finished steps)
     */
    NerfObject create(String prompt, NerfSettings settings, Path folder, NerfListener listener) throws NerfException;

    /** Renders {@code views} turntable views of a created object's grids at {@code size} pixels into its folder. */
    List<Path> render(Path folder, int views, int size) throws NerfException;
}
