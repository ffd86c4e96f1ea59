package org.alphaclip.core.internal.session;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one session has served: the number of requests, the latencies of the most recent
 * {@value #RESERVOIR} requests (queueing included) for percentiles, and how many runs had each batch size.
 *
 * <pre>{@code
 * stats.recordRun(8);
 * stats.recordRequest(System.nanoTime() - start);
 * double p99 = stats.latencyMillis(99);
 * }</pre>
 */
final class SessionStats {

    /** The number of recent latencies percentiles are computed over. */
    static final int RESERVOIR = 4096;

    private final long[] latencyNanos = new long[RESERVOIR];
    private long requests;
    private final Map<Integer, LongAdder> batchSizes = new ConcurrentHashMap<>();

    /** Counts one served request and its latency. */
    synchronized void recordRequest(long nanos) {
        latencyNanos[(int) (requests % RESERVOIR)] = nanos;
        requests++;
    }

    /** Counts one run of the graph with this batch size. */
    void recordRun(int batchSize) {
        batchSizes.computeIfAbsent(batchSize, size -> new LongAdder()).increment();
    }

    synchronized long requests() {
        return requests;
    }

    /** The nearest-rank percentile of the recent latencies in milliseconds, 0 before the first request. */
    double latencyMillis(double percentile) {
        long[] recent;
        synchronized (this) {
            recent = Arrays.copyOf(latencyNanos, (int) Math.min(requests, RESERVOIR));
        }
        if (recent.length == 0) {
            return 0;
        }
        Arrays.sort(recent);
        int rank = (int) Math.ceil(percentile / 100 * recent.length);
        return recent[Math.max(rank, 1) - 1] / 1e6;
    }

    /** Batch size to the number of runs that had it, smallest size first. */
    Map<Integer, Long> batchSizes() {
        Map<Integer, Long> copy = new TreeMap<>();
        batchSizes.forEach((size, runs) -> copy.put(size, runs.sum()));
        return copy;
    }
}
