package org.alphaclip.nerf;

/**
 * Where an optimisation stands after one step.
 *
 * @param step steps done
 * @param iterations steps in all
 * @param loss the step's total loss
 * @param similarity the step's mean cosine similarity between the augmented views and the prompt
 * @param elapsedSeconds seconds spent in this run (a resumed run counts from its restart)
 * @param gridSize the grid's current largest side in voxels
 */
public record NerfProgress(int step, int iterations, double loss, double similarity, double elapsedSeconds,
        int gridSize) {
}
