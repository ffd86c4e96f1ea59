package org.alphaclip.diffusion.internal.schedule;

/**
 * The inference timesteps of a spacing, as diffusers computes them with NumPy (float64 arithmetic, round half to
 * even): {@code leading} = multiples of {@code T / N} (integer division) plus {@code steps_offset}; {@code trailing} =
 * {@code round(arange(T, 0, -T / N)) - 1}; {@code linspace} = {@code round(linspace(0, T - 1, N))}. All in descending
 * order.
 */
final class Timesteps {

    private Timesteps() {
    }

    /** Descending timesteps, unrounded for {@code linspace} (Euler keeps them as float32). */
    static double[] descending(SchedulerConfig config, int steps, boolean roundLinspace) {
        int train = config.numTrainTimesteps();
        if (steps < 1 || steps > train) {
            throw new IllegalArgumentException("steps must lie in 1.." + train + " (the training schedule's length), got "
                    + steps);
        }
        double[] t = new double[steps];
        switch (config.timestepSpacing()) {
            case "leading" -> {
                int ratio = train / steps;
                for (int i = 0; i < steps; i++) {
                    t[i] = (double) (steps - 1 - i) * ratio + config.stepsOffset();
                }
            }
            case "trailing" -> {
                double ratio = (double) train / steps;
                int count = (int) Math.ceil(-train / -ratio);
                if (count != steps) {
                    throw new IllegalArgumentException("trailing spacing gives " + count + " timesteps for " + steps + " steps");
                }
                for (int i = 0; i < steps; i++) {
                    t[i] = Math.rint(train + i * -ratio) - 1;
                }
            }
            default -> {
                double[] up = linspace(0, train - 1, steps);
                for (int i = 0; i < steps; i++) {
                    t[i] = roundLinspace ? Math.rint(up[steps - 1 - i]) : up[steps - 1 - i];
                }
            }
        }
        return t;
    }

    /** NumPy's float64 {@code linspace}: {@code start + i * step}, the last value exactly {@code stop}. */
    private static double[] linspace(double start, double stop, int count) {
        double[] values = new double[count];
        if (count == 1) {
            values[0] = start;
            return values;
        }
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            values[i] = start + i * step;
        }
        values[count - 1] = stop;
        return values;
    }
}
