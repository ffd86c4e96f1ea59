package org.alphaclip.core.internal.session;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;

/**
 * The scheduler of one device: at most {@code maxConcurrent} calls run at once, at most
 * {@code queueLimit} wait in arrival order, and a call arriving at a full queue is rejected with
 * {@link Reason#REJECTED_BUSY} instead of waiting without bound.
 *
 * <pre>{@code
 * DeviceQueue queue = new DeviceQueue("cpu", 2, 64);
 * Map<String, Tensor> out = queue.execute(() -> session.execute(inputs, outputs));
 * }</pre>
 */
final class DeviceQueue {

    /** Work run on the device. */
    @FunctionalInterface
    interface DeviceCall<T> {
        /** Runs while holding one of the device's slots. */
        T call() throws SessionException;
    }

    private final String device;
    private final int maxConcurrent;
    private final int queueLimit;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    DeviceQueue(String device, int maxConcurrent, int queueLimit) {
        this.device = device;
        this.maxConcurrent = maxConcurrent;
        this.queueLimit = queueLimit;
        this.slots = new Semaphore(maxConcurrent, true);
    }

    /**
     * Runs a call when a slot is free, waiting in line if the queue has room.
     *
     * @throws SessionException {@link Reason#REJECTED_BUSY} when the queue is full;
     *         {@link Reason#INFERENCE_FAILED} when the thread is interrupted while waiting; or what the call throws
     */
    <T> T execute(DeviceCall<T> call) throws SessionException {
        acquireSlot();
        try {
            return call.call();
        } finally {
            slots.release();
        }
    }

    private void acquireSlot() throws SessionException {
        try {
            // tryAcquire with a timeout respects fairness: no overtaking the requests already waiting
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (waiting.incrementAndGet() > queueLimit) {
                waiting.decrementAndGet();
                rejected.increment();
                throw new SessionException(Reason.REJECTED_BUSY, "Device " + device + " is busy: " + maxConcurrent
                        + " requests running and " + queueLimit + " waiting (queueLimit " + queueLimit
                        + "); retry later or raise maxConcurrent/queueLimit");
            }
            try {
                slots.acquire();
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException(Reason.INFERENCE_FAILED, "Interrupted while waiting for device " + device, e);
        }
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    int queueLimit() {
        return queueLimit;
    }

    int running() {
        return maxConcurrent - slots.availablePermits();
    }

    int waiting() {
        return waiting.get();
    }

    long rejected() {
        return rejected.sum();
    }
}
