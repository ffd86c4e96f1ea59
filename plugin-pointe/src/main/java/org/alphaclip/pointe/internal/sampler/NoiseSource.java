package org.alphaclip.pointe.internal.sampler;

/** Where the sampler's standard normal numbers come from (a seeded stream, or recorded draws replayed). */
@FunctionalInterface
public interface NoiseSource {

    /** The next {@code count} standard normal numbers. */
    float[] next(int count);
}
