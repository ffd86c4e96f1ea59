package org.alphaclip.world;

import java.util.Objects;

/**
 * A named split of a generated dataset: scene {@code i} of split {@code name} of dataset seed {@code seed} is
 * {@code generator.generate(split.sceneSeed(i), spec)}, the scene {@code world:generate --seed S --split NAME} writes
 * as its {@code i}-th. Splits of one dataset seed never share scenes, so training and held-out sets stay apart.
 *
 * @param seed the dataset seed
 * @param name the split's name, e.g. {@code train} or {@code test}
 */
public record SceneSplit(long seed, String name) {

    /** Checks the name. */
    public SceneSplit {
        Objects.requireNonNull(name, "name");
    }

    /** The seed of this split's scene {@code index}. */
    public long sceneSeed(int index) {
        return mix(mix(seed, name.hashCode() & 0xFFFFFFFFL), index);
    }

    /**
     * The world's seed mixer: a well-mixed 64-bit value of (seed, index), SplitMix64's finaliser over a golden-ratio
     * step.
     */
    public static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
