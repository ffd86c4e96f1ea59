package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceQueueTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void rejectsWhenRunningAndWaitingAreFull() throws Exception {
        DeviceQueue queue = new DeviceQueue("cpu", 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> running = threads.submit(() -> queue.execute(() -> {
            pause(() -> release.await());
            return "first";
        }));
        awaitTrue(() -> queue.running() == 1);
        Future<String> waiting = threads.submit(() -> queue.execute(() -> "second"));
        awaitTrue(() -> queue.waiting() == 1);

        SessionException busy = assertThrows(SessionException.class, () -> queue.execute(() -> "third"));

        assertEquals(Reason.REJECTED_BUSY, busy.reason());
        assertEquals("Device cpu is busy: 1 requests running and 1 waiting (queueLimit 1); retry later or raise "
                + "maxConcurrent/queueLimit", busy.getMessage());
        assertEquals(1, queue.rejected());
        release.countDown();
        assertEquals("first", running.get(5, TimeUnit.SECONDS));
        assertEquals("second", waiting.get(5, TimeUnit.SECONDS));
        assertEquals(0, queue.running());
        assertEquals(0, queue.waiting());
    }

    @Test
    void neverRunsMoreThanMaxConcurrent() throws Exception {
        DeviceQueue queue = new DeviceQueue("cpu", 2, 16);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(threads.submit(() -> queue.execute(() -> {
                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                pause(() -> Thread.sleep(5));
                now.decrementAndGet();
                return 1;
            })));
        }
        for (Future<Integer> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        assertTrue(peak.get() <= 2, "peak " + peak.get());
        assertEquals(0, queue.rejected());
    }

    @Test
    void theSlotIsReturnedWhenTheCallFails() throws Exception {
        DeviceQueue queue = new DeviceQueue("cpu", 1, 0);
        assertThrows(SessionException.class, () -> queue.execute(() -> {
            throw new SessionException(Reason.INFERENCE_FAILED, "boom");
        }));
        assertEquals("ok", queue.execute(() -> "ok"));
    }

    interface Blocking {
        void run() throws InterruptedException;
    }

    private static void pause(Blocking blocking) {
        try {
            blocking.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(2);
        }
    }
}
