package org.alphaclip.api.session;

/**
 * One device as configured and as in use.
 *
 * @param name {@code cpu} or {@code cuda:N}
 * @param requested what the configuration asked for
 * @param active what runs, {@code cpu} after a fallback
 * @param fallbackReason why the requested device is not in use, or {@code null}
 * @param maxConcurrent requests run at once
 * @param queueLimit requests allowed to wait; more are rejected
 * @param running requests running now
 * @param waiting requests waiting now
 * @param rejected requests rejected since start because the queue was full
 */
public record DeviceStatus(String name, String requested, String active, String fallbackReason, int maxConcurrent,
        int queueLimit, int running, int waiting, long rejected) {
}
