package org.alphaclip.nerf.internal.train;

/**
 * Time spent in each part of the optimisation steps, summed over the steps a benchmark runs: ray marching and the
 * render forward pass, the augmentations (both ways), the encoder's forward and backward pass, the renderer's
 * backward pass with the regularisers, and the Adam update.
 */
public final class StepPhases {

    /** The parts, in step order. */
    public enum Phase { RENDER, AUGMENT, ENCODER, RENDER_BACKWARD, UPDATE }

    private final long[] nanos = new long[Phase.values().length];
    private int steps;

    void add(Phase phase, long elapsed) {
        nanos[phase.ordinal()] += elapsed;
    }

    void countStep() {
        steps++;
    }

    /** Mean milliseconds per step in {@code phase}. */
    public double millisPerStep(Phase phase) {
        return steps == 0 ? 0 : nanos[phase.ordinal()] / 1e6 / steps;
    }

    /** Steps measured. */
    public int steps() {
        return steps;
    }
}
