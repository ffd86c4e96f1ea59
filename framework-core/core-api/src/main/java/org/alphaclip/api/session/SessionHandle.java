package org.alphaclip.api.session;

import java.util.Map;
import java.util.Set;

import org.alphaclip.api.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One user's reference to a shared session. Closing it releases the reference; the session itself
 * closes after the last release and an idle timeout. Every method fails fast once the handle is closed.
 */
@ProviderType
public interface SessionHandle extends AutoCloseable {

    /** The SHA-256 of the model file: the session's identity. */
    String modelSha256();

    /** The graph's inputs and outputs. */
    GraphSignature signature();

    /**
     * Runs the graph once through the device queue.
     *
     * @param inputs every graph input by name
     * @param outputs the outputs wanted (only what they need is computed)
     * @throws SessionException when inputs do not match the graph, the device queue is full, or inference fails
     */
    Map<String, Tensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs) throws SessionException;

    /**
     * Runs one request through the session's dynamic batcher: requests of the same outputs and
     * per-item shapes that arrive within the configured delay are stacked along axis 0 and run together.
     * Every input must have batch size 1; so do the results.
     */
    Map<String, Tensor> runBatched(Map<String, ? extends Tensor> inputs, Set<String> outputs) throws SessionException;

    /** Releases this reference. Idempotent. */
    @Override
    void close();
}
