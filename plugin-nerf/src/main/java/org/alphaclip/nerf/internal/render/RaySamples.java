package org.alphaclip.nerf.internal.render;

/**
 * The points a batch of rays is sampled at, after the samples outside the scene box and in unoccupied cells were
 * dropped. Samples are grouped by ray, near to far.
 *
 * @param rayCount the rays in the batch
 * @param stepsPerRay the samples each ray was marched with before anything was dropped
 * @param inBoxPerRay the samples each ray kept after dropping those outside the box
 * @param tMin each ray's entry parameter (in units of its unnormalised direction), clamped to [near, far]
 * @param tMax each ray's exit parameter, clamped the same way
 * @param points the kept samples' positions, x y z each
 * @param rayOf the ray of each kept sample
 * @param stepOf the step index of each kept sample along its ray
 */
public record RaySamples(int rayCount, int[] stepsPerRay, int[] inBoxPerRay, float[] tMin, float[] tMax,
        float[] points, int[] rayOf, int[] stepOf) {

    /** The number of kept samples. */
    public int sampleCount() {
        return rayOf.length;
    }
}
