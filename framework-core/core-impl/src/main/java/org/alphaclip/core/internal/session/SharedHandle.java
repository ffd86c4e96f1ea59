package org.alphaclip.core.internal.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.alphaclip.api.session.GraphSignature;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.tensor.Tensor;

/**
 * One user's reference to a {@link SharedSession}. After {@link #close()}, {@link #run} and
 * {@link #runBatched} throw {@link SessionException} with {@link Reason#CLOSED}, and {@link #modelSha256()}
 * and {@link #signature()}, which cannot throw it, throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (SessionHandle handle = registry.owner("tests").acquire(model, SessionOptions.DEFAULT)) {
 *     handle.run(inputs, Set.of("y"));
 * }
 * }</pre>
 */
final class SharedHandle implements SessionHandle {

    private final SharedSession session;
    private final String user;
    private final Consumer<SharedHandle> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param onClose told once when the handle closes, to release the reference
     */
    SharedHandle(SharedSession session, String user, Consumer<SharedHandle> onClose) {
        this.session = session;
        this.user = user;
        this.onClose = onClose;
    }

    @Override
    public String modelSha256() {
        checkOpen();
        return session.key().sha256();
    }

    @Override
    public GraphSignature signature() {
        checkOpen();
        return session.signature();
    }

    @Override
    public Map<String, Tensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs)
            throws SessionException {
        checkRunnable();
        return session.run(inputs, outputs);
    }

    @Override
    public Map<String, Tensor> runBatched(Map<String, ? extends Tensor> inputs, Set<String> outputs)
            throws SessionException {
        checkRunnable();
        return session.runBatched(inputs, outputs);
    }

    SharedSession session() {
        return session;
    }

    String user() {
        return user;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This handle on " + session.modelFile().getFileName() + " is closed");
        }
    }

    private void checkRunnable() throws SessionException {
        if (closed.get()) {
            throw new SessionException(Reason.CLOSED,
                    "This handle on " + session.modelFile().getFileName() + " is closed; acquire a new one");
        }
    }

    @Override
    public String toString() {
        return "SessionHandle[" + session.modelFile().getFileName() + ", " + user + (closed.get() ? ", closed]" : "]");
    }
}
