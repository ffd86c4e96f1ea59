package org.alphaclip.sdk.random;

import java.util.SplittableRandom;

/**
 * Standard normal numbers from a seed, reproducible on every JVM: pairs by the Box-Muller transform of two uniforms in
 * (0, 1] from {@link SplittableRandom}. Successive {@link #next} calls continue the same stream (a call of an odd count
 * drops the second number of its last pair). Not thread-safe.
 *
 * <pre>{@code
 * GaussianNoise noise = new GaussianNoise(7);
 * float[] start = noise.next(6 * 1024);
 * }</pre>
 */
public final class GaussianNoise {

    private final SplittableRandom random;

    /** A stream starting from a seed. */
    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next {@code count} numbers of the stream. */
    public float[] next(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i += 2) {
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            values[i] = (float) (radius * Math.cos(angle));
            if (i + 1 < count) {
                values[i + 1] = (float) (radius * Math.sin(angle));
            }
        }
        return values;
    }
}
