package org.alphaclip.api.session;

import java.util.List;
import java.util.Map;

/**
 * One live session and what it has served.
 *
 * @param modelFile the file it was first loaded from
 * @param modelSha256 the file content's SHA-256
 * @param device the device it runs on
 * @param options the options it was built with
 * @param users the bundles holding handles, with the number each holds
 * @param modelBytes the size of the model file (an estimate of its weight memory)
 * @param requests runs served
 * @param latencyMillisP50 median run latency, queueing included
 * @param latencyMillisP99 99th percentile run latency, queueing included
 * @param batchSizes how many runs had each batch size
 */
public record SessionStatus(String modelFile, String modelSha256, String device, SessionOptions options,
        Map<String, Integer> users, long modelBytes, long requests, double latencyMillisP50, double latencyMillisP99,
        Map<Integer, Long> batchSizes) {

    /** Copies the maps. */
    public SessionStatus {
        users = Map.copyOf(users);
        batchSizes = Map.copyOf(batchSizes);
    }

    /** The total number of open handles. */
    public int handleCount() {
        return users.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The user bundles' names. */
    public List<String> userNames() {
        return List.copyOf(users.keySet());
    }
}
