package org.alphaclip.core.internal.session;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.alphaclip.api.session.GraphSignature;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.alphaclip.api.tensor.Tensor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One ONNX Runtime session shared by every handle on the same model content and options, with its
 * dynamic batcher and statistics. Runs hold a read lock and closing takes the write lock, so the native
 * session is never closed under a running request; after close every run fails with {@link Reason#CLOSED}.
 *
 * <pre>{@code
 * SharedSession shared = new SharedSession(key, file, bytes, device, env, settings);
 * shared.load();
 * Map<String, Tensor> out = shared.run(inputs, Set.of("y"));
 * shared.close();
 * }</pre>
 */
final class SharedSession implements AutoCloseable {

    /** What makes two sessions the same: content, resolved device, thread count and optimisation. */
    record Key(String sha256, String device, int intraOpThreads, SessionOptions.Optimization optimization) {
    }

    private final Key key;
    private final Path modelFile;
    private final long modelBytes;
    private final Device device;
    private final OrtEnvironment env;
    private final SessionStats stats = new SessionStats();
    private final DynamicBatcher batcher;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by {@code lock}. */
    private OrtSession session;
    /** Written once by {@link #load()}, before any handle on this session is handed out. */
    private volatile GraphSignature signature;
    /** Written under the write lock; read without it by {@link #loaded()}. */
    private volatile boolean closed;

    /** Handles per user; guarded by the owning registry's lock. */
    private final Map<String, Integer> users = new HashMap<>();
    /** The pending idle close; guarded by the owning registry's lock. */
    private ScheduledFuture<?> idleClose;

    SharedSession(Key key, Path modelFile, long modelBytes, Device device, OrtEnvironment env,
            SessionSettings settings) {
        this.key = key;
        this.modelFile = modelFile;
        this.modelBytes = modelBytes;
        this.device = device;
        this.env = env;
        this.batcher = new DynamicBatcher(settings.maxBatchSize(), settings.maxBatchDelay(), this::runOnDevice);
    }

    /**
     * Creates the native session unless it exists; concurrent callers wait for the first.
     *
     * @throws SessionException {@link Reason#INVALID_MODEL} when ONNX Runtime refuses the file
     */
    void load() throws SessionException {
        lock.writeLock().lock();
        try {
            if (closed) {
                throw closedException();
            }
            if (session != null) {
                return;
            }
            try (OrtSession.SessionOptions options = device.sessionOptions(key.intraOpThreads(),
                    key.optimization())) {
                OrtSession created = env.createSession(modelFile.toString(), options);
                try {
                    signature = Signatures.read(created);
                } catch (OrtException | RuntimeException e) {
                    created.close();
                    throw e;
                }
                session = created;
            }
        } catch (OrtException e) {
            throw new SessionException(Reason.INVALID_MODEL,
                    "ONNX Runtime cannot load model " + modelFile + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs a whole request through the device queue. */
    Map<String, Tensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs) throws SessionException {
        long start = System.nanoTime();
        Signatures.check(signature, inputs, outputs);
        Map<String, Tensor> result = runOnDevice(inputs, outputs, Signatures.batchSize(inputs));
        stats.recordRequest(System.nanoTime() - start);
        return result;
    }

    /** Runs a request of batch size 1 through the dynamic batcher. */
    Map<String, Tensor> runBatched(Map<String, ? extends Tensor> inputs, Set<String> outputs)
            throws SessionException {
        long start = System.nanoTime();
        Signatures.check(signature, inputs, outputs);
        Signatures.checkSingle(inputs);
        Map<String, Tensor> result = batcher.submit(inputs, outputs);
        stats.recordRequest(System.nanoTime() - start);
        return result;
    }

    private Map<String, Tensor> runOnDevice(Map<String, ? extends Tensor> inputs, Set<String> outputs,
            int batchSize) throws SessionException {
        Map<String, Tensor> result = device.queue().execute(() -> execute(inputs, outputs));
        stats.recordRun(batchSize);
        return result;
    }

    private Map<String, Tensor> execute(Map<String, ? extends Tensor> inputs, Set<String> outputs)
            throws SessionException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw closedException();
            }
            Map<String, OnnxTensor> onnxInputs = new HashMap<>();
            try {
                for (Map.Entry<String, ? extends Tensor> input : inputs.entrySet()) {
                    onnxInputs.put(input.getKey(), Tensors.toOnnx(env, input.getValue()));
                }
                try (OrtSession.Result result = session.run(onnxInputs, outputs)) {
                    Map<String, Tensor> converted = new HashMap<>();
                    for (String name : outputs) {
                        converted.put(name, Tensors.fromOnnx(name, result.get(name).orElseThrow()));
                    }
                    return converted;
                }
            } catch (OrtException e) {
                throw new SessionException(Reason.INFERENCE_FAILED,
                        "ONNX Runtime failed running " + modelFile.getFileName() + ": " + e.getMessage(), e);
            } finally {
                OnnxValue.close(onnxInputs);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private SessionException closedException() {
        return new SessionException(Reason.CLOSED, "The session for " + modelFile.getFileName()
                + " was closed (the inference service stopped or the session was released)");
    }

    Key key() {
        return key;
    }

    Path modelFile() {
        return modelFile;
    }

    GraphSignature signature() {
        return signature;
    }

    /** Adds a handle for a user; the registry's lock must be held. */
    void retain(String user) {
        users.merge(user, 1, Integer::sum);
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    /** Removes a handle of a user and returns the handles left; the registry's lock must be held. */
    int release(String user) {
        users.computeIfPresent(user, (name, count) -> count == 1 ? null : count - 1);
        return handles();
    }

    /** Remembers the pending idle close; the registry's lock must be held. */
    void idleClose(ScheduledFuture<?> pending) {
        idleClose = pending;
    }

    /** Whether the native session exists and is open; does not wait for a load in progress. */
    boolean loaded() {
        return signature != null && !closed;
    }

    /** The number of open handles; the registry's lock must be held. */
    int handles() {
        return users.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The status; the registry's lock must be held. */
    SessionStatus status() {
        return new SessionStatus(modelFile.toString(), key.sha256(), key.device(),
                new SessionOptions(key.device(), key.intraOpThreads(), key.optimization()), new TreeMap<>(users),
                modelBytes, stats.requests(), stats.latencyMillis(50), stats.latencyMillis(99), stats.batchSizes());
    }

    /** Closes the native session after the running requests; idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (session != null) {
                session.close();
                session = null;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed closing the session for " + modelFile, e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
