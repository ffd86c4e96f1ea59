package org.alphaclip.world.internal;

/** Seed arithmetic: independent, reproducible seeds for scenes of a dataset and for layout attempts. */
public final class Seeds {

    private Seeds() {
    }

    /** A well-mixed 64-bit value of (seed, index) (SplitMix64's finaliser over a golden-ratio step). */
    public static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of scene {@code index} of a dataset split; train and test never share scenes for a dataset seed. */
    public static long scene(long datasetSeed, String split, int index) {
        return mix(mix(datasetSeed, split.hashCode() & 0xFFFFFFFFL), index);
    }
}
