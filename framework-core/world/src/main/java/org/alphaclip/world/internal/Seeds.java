package org.alphaclip.world.internal;

import org.alphaclip.world.SceneSplit;

/** Seed arithmetic: independent, reproducible seeds for scenes of a dataset and for layout attempts. */
public final class Seeds {

    private Seeds() {
    }

    /** A well-mixed 64-bit value of (seed, index): {@link SceneSplit#mix}. */
    public static long mix(long seed, long index) {
        return SceneSplit.mix(seed, index);
    }

    /** The seed of scene {@code index} of a dataset split: {@link SceneSplit#sceneSeed}. */
    public static long scene(long datasetSeed, String split, int index) {
        return new SceneSplit(datasetSeed, split).sceneSeed(index);
    }
}
