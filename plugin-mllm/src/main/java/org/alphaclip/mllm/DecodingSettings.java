package org.alphaclip.mllm;

import java.util.List;

/**
 * How the next token is chosen and when generation stops. Greedy decoding is the default; a temperature above 0
 * samples (with top-p and a seed), more than one beam runs beam search (length penalty 1, as transformers'
 * default). Start from {@link #greedy(int)} and change what differs:
 *
 * <pre>{@code
 * DecodingSettings.greedy(64).withSampling(0.7, 0.9, 42).withStopStrings(List.of("\n\n"));
 * }</pre>
 *
 * @param maxNewTokens the most tokens generated, at least 1
 * @param temperature 0 for greedy decoding or beam search; above 0 samples from {@code softmax(logits / temperature)}
 * @param topP sampling keeps the most likely tokens whose probabilities add up to at least this (1 = all)
 * @param seed the seed of the sampler's random numbers: the same seed gives the same text
 * @param beams the number of beams, 1 for no beam search
 * @param stopStrings generation ends when the answer's text contains one of them (cut off before it)
 * @param kvCache {@code true} to keep past keys and values between steps (prefill once, then one token per
 *        step); {@code false} recomputes the whole sequence every step (for checks and benchmarks)
 */
public record DecodingSettings(int maxNewTokens, double temperature, double topP, long seed, int beams,
        List<String> stopStrings, boolean kvCache) {

    /** Checks the values; each problem names the setting. */
    public DecodingSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 (greedy) or a positive number, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must lie in (0, 1], got " + topP);
        }
        if (beams < 1) {
            throw new IllegalArgumentException("beams must be at least 1, got " + beams);
        }
        if (beams > 1 && temperature > 0) {
            throw new IllegalArgumentException("beam search does not sample: give beams or a temperature, not both");
        }
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    /** Greedy decoding of at most {@code maxNewTokens} tokens with the cache, no stop strings. */
    public static DecodingSettings greedy(int maxNewTokens) {
        return new DecodingSettings(maxNewTokens, 0, 1, 0, 1, List.of(), true);
    }

    /** The same settings, sampling with this temperature, top-p and seed. */
    public DecodingSettings withSampling(double newTemperature, double newTopP, long newSeed) {
        return new DecodingSettings(maxNewTokens, newTemperature, newTopP, newSeed, beams, stopStrings, kvCache);
    }

    /** The same settings with beam search over {@code count} beams. */
    public DecodingSettings withBeams(int count) {
        return new DecodingSettings(maxNewTokens, temperature, topP, seed, count, stopStrings, kvCache);
    }

    /** The same settings with these stop strings. */
    public DecodingSettings withStopStrings(List<String> strings) {
        return new DecodingSettings(maxNewTokens, temperature, topP, seed, beams, strings, kvCache);
    }

    /** The same settings with the key/value cache on or off. */
    public DecodingSettings withKvCache(boolean on) {
        return new DecodingSettings(maxNewTokens, temperature, topP, seed, beams, stopStrings, on);
    }
}
