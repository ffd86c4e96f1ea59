package org.alphaclip.mllm.internal.command;

import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.sdk.command.CommandArguments;

/**
 * The decoding options every {@code mllm:*} command takes, checked with messages naming the option, into
 * {@link DecodingSettings}: greedy unless {@code --temperature} is above 0 (then top-p sampling with {@code --seed})
 * or {@code --beams} above 1 (beam search).
 */
final class DecodingOptions {

    /** Default of {@code --max-tokens}. */
    static final String DEFAULT_MAX_TOKENS = "128";
    /** Help of {@code --max-tokens}. */
    static final String MAX_TOKENS_HELP = "the most tokens generated per answer (default " + DEFAULT_MAX_TOKENS + ")";
    /** Help of {@code --temperature}. */
    static final String TEMPERATURE_HELP = "0 for greedy decoding (the default), above 0 samples softmax(logits / T)";
    /** Help of {@code --top-p}. */
    static final String TOP_P_HELP = "sampling keeps the likeliest tokens up to this probability mass, in (0, 1] (default 1)";
    /** Help of {@code --beams}. */
    static final String BEAMS_HELP = "beam search over this many beams (1: none)";
    /** Help of {@code --seed}. */
    static final String SEED_HELP = "seed of the sampler: the same seed gives the same answer";
    /** The absent value of {@code --top-p}: sampling keeps every token, and greedy decoding does not mind. */
    static final String TOP_P_ABSENT = "NaN";

    private DecodingOptions() {
    }

    /**
     * The settings of the options.
     *
     * @param topP {@code NaN} when not given
     * @throws IllegalArgumentException naming the option whose value is outside its range, or options that do not go
     *         together
     */
    static DecodingSettings settings(int maxTokens, double temperature, double topP, int beams, long seed) {
        CommandArguments.atLeast("--max-tokens", maxTokens, 1);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be 0 (greedy) or a positive number, got " + temperature);
        }
        boolean topPGiven = !Double.isNaN(topP);
        if (topPGiven && !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must lie in (0, 1], got " + topP);
        }
        if (topPGiven && temperature == 0) {
            throw new IllegalArgumentException("--top-p applies to sampling: give a --temperature above 0 as well");
        }
        CommandArguments.atLeast("--beams", beams, 1);
        if (beams > 1 && temperature > 0) {
            throw new IllegalArgumentException("Give --beams or --temperature, not both: beam search does not sample");
        }
        DecodingSettings settings = DecodingSettings.greedy(maxTokens);
        if (temperature > 0) {
            settings = settings.withSampling(temperature, topPGiven ? topP : 1, seed);
        }
        return beams > 1 ? settings.withBeams(beams) : settings;
    }
}
