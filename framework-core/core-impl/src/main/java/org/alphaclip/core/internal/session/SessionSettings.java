package org.alphaclip.core.internal.session;

import java.time.Duration;
import java.util.Set;

/**
 * How the {@link SessionRegistry} runs its devices: the default device, CPU and CUDA settings, the
 * scheduling limits each device gets, dynamic batching and the idle timeout of unused sessions.
 *
 * <pre>{@code
 * SessionSettings settings = new SessionSettings("cpu", 0, true, false, 0, "kNextPowerOfTwo", "EXHAUSTIVE",
 *         2, 64, 8, Duration.ofMillis(5), Duration.ofSeconds(60));
 * }</pre>
 *
 * @param device the device of {@code SessionOptions.device() == "default"}: {@code cpu} or {@code cuda:N}
 * @param cpuThreads intra-op threads per inference, 0 for ONNX Runtime's default (the physical cores)
 * @param cpuArena whether the CPU allocator keeps an arena
 * @param cpuSpinning whether idle intra-op threads spin waiting for work (faster on a dedicated machine,
 *        slower on a shared one: measured 1.2-1.5x slower at batch 1 with another job on the cores)
 * @param cudaMemoryLimitBytes CUDA arena limit in bytes, 0 for no limit
 * @param cudaArenaExtendStrategy {@code kNextPowerOfTwo} or {@code kSameAsRequested}
 * @param cudnnConvAlgoSearch {@code EXHAUSTIVE}, {@code HEURISTIC} or {@code DEFAULT}
 * @param maxConcurrent requests a device runs at once
 * @param queueLimit requests allowed to wait for a device; more are rejected
 * @param maxBatchSize the largest batch the dynamic batcher forms, 1 to switch batching off
 * @param maxBatchDelay how long the first request of a batch waits for others
 * @param idleTimeout how long a session without users stays open
 */
record SessionSettings(String device, int cpuThreads, boolean cpuArena, boolean cpuSpinning, long cudaMemoryLimitBytes,
        String cudaArenaExtendStrategy, String cudnnConvAlgoSearch, int maxConcurrent, int queueLimit,
        int maxBatchSize, Duration maxBatchDelay, Duration idleTimeout) {

    private static final Set<String> ARENA_EXTEND_STRATEGIES = Set.of("kNextPowerOfTwo", "kSameAsRequested");
    private static final Set<String> CONV_ALGO_SEARCHES = Set.of("EXHAUSTIVE", "HEURISTIC", "DEFAULT");

    /** Normalises the device name and checks every value. */
    SessionSettings {
        device = Device.normalizeName(device);
        requireAtLeast("cpuThreads", cpuThreads, 0);
        if (cudaMemoryLimitBytes < 0) {
            throw new IllegalArgumentException(
                    "cudaMemoryLimitBytes must be 0 (no limit) or positive, got " + cudaMemoryLimitBytes);
        }
        if (!ARENA_EXTEND_STRATEGIES.contains(cudaArenaExtendStrategy)) {
            throw new IllegalArgumentException("Unknown cudaArenaExtendStrategy '" + cudaArenaExtendStrategy
                    + "', expected one of [kNextPowerOfTwo, kSameAsRequested]");
        }
        if (!CONV_ALGO_SEARCHES.contains(cudnnConvAlgoSearch)) {
            throw new IllegalArgumentException("Unknown cudnnConvAlgoSearch '" + cudnnConvAlgoSearch
                    + "', expected one of [EXHAUSTIVE, HEURISTIC, DEFAULT]");
        }
        requireAtLeast("maxConcurrent", maxConcurrent, 1);
        requireAtLeast("queueLimit", queueLimit, 0);
        requireAtLeast("maxBatchSize", maxBatchSize, 1);
        if (maxBatchDelay.isNegative() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay and idleTimeout must not be negative, got "
                    + maxBatchDelay + " and " + idleTimeout);
        }
    }

    private static void requireAtLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
        }
    }
}
