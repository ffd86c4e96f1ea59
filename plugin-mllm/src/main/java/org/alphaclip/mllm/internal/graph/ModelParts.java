package org.alphaclip.mllm.internal.graph;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.MultimodalPackageInfo;

/**
 * The native parts one model owns (tokenizer, graphs) and their lifecycle: parts are added as the model opens them,
 * and a failure while opening closes those opened so far; generations run under a read lock, closing takes the
 * write lock, so close waits for the generations in flight and frees nothing under one; after close every call
 * fails fast.
 *
 * <pre>{@code
 * return ModelParts.open(info, parts -> {
 *     TokenEmbedder embedder = parts.add(TokenEmbedder.open(sessions, file));
 *     return new MyModel(parts, embedder);
 * });
 * }</pre>
 */
public final class ModelParts implements AutoCloseable {

    /** Opens a model's parts, adding each to {@code parts} as it is opened. */
    @FunctionalInterface
    public interface Opening<M> {
        /** Opens the parts and makes the model of them. */
        M open(ModelParts parts) throws IOException, InvalidModelException;
    }

    /** A generation, run while the parts are open. */
    @FunctionalInterface
    public interface Generating<T> {
        /** Runs the generation. */
        T run() throws GenerationException;
    }

    private final String model;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private ModelParts(String model) {
        this.model = model;
    }

    /**
     * Opens a model of a package; when a part cannot be opened, the parts opened so far are closed.
     *
     * @throws InvalidModelException naming the package, or the file, that cannot be opened
     */
    public static <M> M open(MultimodalPackageInfo info, Opening<M> opening) throws InvalidModelException {
        ModelParts parts = new ModelParts(info.name());
        try {
            return opening.open(parts);
        } catch (IOException e) {
            parts.closeAfterFailure();
            throw new InvalidModelException("Multimodal package " + info.location() + ": " + e.getMessage(), e);
        } catch (InvalidModelException | RuntimeException e) {
            parts.closeAfterFailure();
            throw e;
        }
    }

    /** Adds a part just opened; closing closes the parts in reverse order of adding. */
    public <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    /** Runs a generation under the read lock, so that closing waits for it. */
    public <T> T whileOpen(Generating<T> generation) throws GenerationException {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return generation.run();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Fails fast after close.
     *
     * @throws IllegalStateException naming the model when it is closed
     */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The multimodal model " + model + " is closed");
        }
    }

    /** Closes the parts opened so far while the model could not be opened; the first problem is the one reported. */
    private void closeAfterFailure() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // already failing
        }
    }

    /**
     * Waits for the generations in flight, then closes every part, the last added first. Idempotent.
     *
     * @throws IllegalStateException with the first part's failure, after every part was closed
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Exception failure = null;
            for (int i = parts.size() - 1; i >= 0; i--) {
                try {
                    parts.get(i).close();
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw new IllegalStateException("Closing the multimodal model " + model + " failed: " + failure.getMessage(),
                        failure);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
