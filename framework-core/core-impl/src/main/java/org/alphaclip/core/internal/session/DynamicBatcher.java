package org.alphaclip.core.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.tensor.Tensor;

/**
 * Collects concurrent single requests into batches, like Triton's dynamic batcher and DJL Serving's
 * {@code max_batch_delay}. Requests that ask for the same outputs with the same per-item input shapes
 * join one open batch; the request that opened it waits until the batch holds {@code maxBatchSize}
 * requests or {@code maxBatchDelay} has passed, then stacks the inputs along axis 0, runs the graph once
 * on its own thread and hands every request its row of the outputs. No threads of its own.
 *
 * <pre>{@code
 * DynamicBatcher batcher = new DynamicBatcher(8, Duration.ofMillis(5),
 *         (stacked, outputs, size) -> queue.execute(() -> run(stacked, outputs)));
 * Map<String, Tensor> mine = batcher.submit(Map.of("image", image, "alpha", alpha), Set.of("image_embedding"));
 * }</pre>
 */
final class DynamicBatcher {

    /** Runs stacked inputs once. */
    @FunctionalInterface
    interface BatchRun {
        /** Runs a batch of {@code batchSize} stacked requests. */
        Map<String, Tensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs, int batchSize)
                throws SessionException;
    }

    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final BatchRun batchRun;
    /** Open batches by request shape; guarded by {@code this}. */
    private final Map<String, Batch> open = new HashMap<>();

    DynamicBatcher(int maxBatchSize, Duration maxBatchDelay, BatchRun batchRun) {
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxBatchDelay.toNanos();
        this.batchRun = batchRun;
    }

    /**
     * Runs one request of batch size 1 as part of a batch.
     *
     * @throws SessionException what the batch's run threw, for every request in it
     */
    Map<String, Tensor> submit(Map<String, ? extends Tensor> inputs, Set<String> outputs) throws SessionException {
        if (maxBatchSize == 1) {
            return batchRun.run(inputs, outputs, 1);
        }
        String key = key(inputs, outputs);
        Request request = new Request(Map.copyOf(inputs));
        Batch batch;
        boolean leader;
        synchronized (this) {
            batch = open.get(key);
            leader = batch == null;
            if (leader) {
                batch = new Batch(Set.copyOf(outputs));
                open.put(key, batch);
            }
            batch.requests.add(request);
            if (batch.requests.size() >= maxBatchSize) {
                open.remove(key);
                notifyAll();
            }
        }
        if (leader) {
            boolean interrupted = awaitSealed(key, batch);
            execute(batch);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return request.await();
    }

    /** Waits until the batch is full or its delay has passed, then closes it to newcomers. */
    private boolean awaitSealed(String key, Batch batch) {
        long deadline = System.nanoTime() + maxDelayNanos;
        synchronized (this) {
            try {
                long remaining;
                while (open.get(key) == batch && (remaining = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                }
                return false;
            } catch (InterruptedException e) {
                // the other requests depend on this thread: run the batch now, restore the flag afterwards
                return true;
            } finally {
                open.remove(key, batch);
            }
        }
    }

    private void execute(Batch batch) {
        List<Request> requests = batch.requests;
        int size = requests.size();
        try {
            if (size == 1) {
                requests.get(0).result.complete(batchRun.run(requests.get(0).inputs, batch.outputs, 1));
                return;
            }
            Map<String, Tensor> stacked = new LinkedHashMap<>();
            for (String name : requests.get(0).inputs.keySet()) {
                List<Tensor> items = new ArrayList<>(size);
                requests.forEach(request -> items.add(request.inputs.get(name)));
                stacked.put(name, Tensors.stack(items));
            }
            Map<String, Tensor> outputs = batchRun.run(stacked, batch.outputs, size);
            Map<String, List<Tensor>> rows = new HashMap<>();
            for (Map.Entry<String, Tensor> output : outputs.entrySet()) {
                rows.put(output.getKey(), Tensors.split(output.getKey(), output.getValue(), size));
            }
            for (int i = 0; i < size; i++) {
                Map<String, Tensor> row = new HashMap<>();
                for (Map.Entry<String, List<Tensor>> output : rows.entrySet()) {
                    row.put(output.getKey(), output.getValue().get(i));
                }
                requests.get(i).result.complete(row);
            }
        } catch (SessionException | RuntimeException | Error e) {
            requests.forEach(request -> request.result.completeExceptionally(e));
        }
    }

    private static String key(Map<String, ? extends Tensor> inputs, Set<String> outputs) {
        StringBuilder key = new StringBuilder(new TreeSet<>(outputs).toString());
        new TreeMap<String, Tensor>(inputs).forEach((name, tensor) -> key.append('|').append(name).append(':')
                .append(Tensors.elementType(tensor)).append(Arrays.toString(tensor.shape())));
        return key.toString();
    }

    /** Requests that run together; {@code requests} is guarded by the batcher until the batch is sealed. */
    private static final class Batch {
        final Set<String> outputs;
        final List<Request> requests = new ArrayList<>();

        Batch(Set<String> outputs) {
            this.outputs = outputs;
        }
    }

    /** One caller's inputs and its future row of the outputs. */
    private static final class Request {
        final Map<String, ? extends Tensor> inputs;
        final CompletableFuture<Map<String, Tensor>> result = new CompletableFuture<>();

        Request(Map<String, ? extends Tensor> inputs) {
            this.inputs = inputs;
        }

        Map<String, Tensor> await() throws SessionException {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionException(Reason.INFERENCE_FAILED, "Interrupted while waiting for a batched run", e);
            } catch (ExecutionException e) {
                // a fresh exception per caller, so each one's stack trace shows its own call
                if (e.getCause() instanceof SessionException failure) {
                    throw new SessionException(failure.reason(), failure.getMessage(), failure);
                }
                throw new SessionException(Reason.INFERENCE_FAILED, "Batched run failed: " + e.getCause(),
                        e.getCause());
            }
        }
    }
}
