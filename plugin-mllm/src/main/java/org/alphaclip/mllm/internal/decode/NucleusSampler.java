package org.alphaclip.mllm.internal.decode;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/**
 * Temperature and top-p (nucleus) sampling: probabilities {@code softmax(logits / temperature)}; the most likely
 * tokens are kept until their probabilities add up to at least {@code topP} (at least one is kept), and the token
 * is drawn from those, renormalised. The same seed gives the same draws.
 */
public final class NucleusSampler implements TokenPicker {

    private final double temperature;
    private final double topP;
    private final Random random;

    /**
     * @param temperature above 0
     * @param topP in (0, 1]
     * @param seed the seed of the draws
     */
    public NucleusSampler(double temperature, double topP, long seed) {
        if (!(temperature > 0) || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("sampling needs a temperature above 0 and top-p in (0, 1], got "
                    + temperature + " and " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
        this.random = new Random(seed);
    }

    @Override
    public int pick(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] weights = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - max) / temperature);
            sum += weights[i];
        }
        Integer[] order = new Integer[logits.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -weights[i]));
        int kept = 0;
        double mass = 0;
        while (kept < order.length && (kept == 0 || mass < topP * sum)) {
            mass += weights[order[kept]];
            kept++;
        }
        double draw = random.nextDouble() * mass;
        for (int i = 0; i < kept; i++) {
            draw -= weights[order[i]];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[kept - 1];
    }
}
