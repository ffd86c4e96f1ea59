package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** y = 2x, recording each batch's size. */
    private Map<String, Tensor> doubling(Map<String, ? extends Tensor> inputs, Set<String> outputs, int size) {
        batchSizes.add(size);
        FloatTensor x = (FloatTensor) inputs.get("x");
        float[] y = x.data().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= 2;
        }
        return Map.of("y", new FloatTensor(x.shape(), y));
    }

    @Test
    void concurrentSingleRequestsRunAsOneBatchAndGetTheirOwnRows() throws Exception {
        DynamicBatcher batcher = new DynamicBatcher(8, Duration.ofSeconds(5), this::doubling);
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<Map<String, Tensor>>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float value = i + 1;
            results.add(threads.submit(() -> {
                start.await();
                return batcher.submit(Map.of("x", new FloatTensor(new long[] { 1, 2 }, new float[] { value, -value })),
                        Set.of("y"));
            }));
        }
        for (int i = 0; i < 8; i++) {
            FloatTensor y = (FloatTensor) results.get(i).get(10, TimeUnit.SECONDS).get("y");
            assertArrayEquals(new long[] { 1, 2 }, y.shape());
            assertArrayEquals(new float[] { 2 * (i + 1), -2 * (i + 1) }, y.data());
        }
        assertEquals(List.of(8), batchSizes);
    }

    @Test
    void requestsOfDifferentShapesAreBatchedApart() throws Exception {
        DynamicBatcher batcher = new DynamicBatcher(3, Duration.ofSeconds(5), this::doubling);
        CyclicBarrier start = new CyclicBarrier(6);
        List<Future<Map<String, Tensor>>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int width = i % 2 == 0 ? 2 : 3;
            results.add(threads.submit(() -> {
                start.await();
                return batcher.submit(Map.of("x", new FloatTensor(new long[] { 1, width }, new float[width])),
                        Set.of("y"));
            }));
        }
        for (Future<Map<String, Tensor>> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(3, 3), batchSizes);
    }

    @Test
    void aLoneRequestRunsAfterTheDelay() throws Exception {
        DynamicBatcher batcher = new DynamicBatcher(8, Duration.ofMillis(30), this::doubling);
        long start = System.nanoTime();
        batcher.submit(Map.of("x", new FloatTensor(new long[] { 1, 1 }, new float[] { 1 })), Set.of("y"));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        assertEquals(List.of(1), batchSizes);
    }

    @Test
    void aFailedBatchFailsEveryRequestInIt() throws Exception {
        DynamicBatcher batcher = new DynamicBatcher(3, Duration.ofSeconds(5), (inputs, outputs, size) -> {
            throw new SessionException(Reason.INFERENCE_FAILED, "ONNX Runtime failed running m.onnx: boom");
        });
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<SessionException>> failures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failures.add(threads.submit(() -> {
                start.await();
                try {
                    batcher.submit(Map.of("x", new FloatTensor(new long[] { 1, 1 }, new float[] { 1 })), Set.of("y"));
                    return null;
                } catch (SessionException e) {
                    return e;
                }
            }));
        }
        for (Future<SessionException> failure : failures) {
            SessionException e = failure.get(10, TimeUnit.SECONDS);
            assertEquals(Reason.INFERENCE_FAILED, e.reason());
            assertEquals("ONNX Runtime failed running m.onnx: boom", e.getMessage());
        }
    }
}
