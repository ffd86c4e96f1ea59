package org.alphaclip.sdk.session;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.GraphSignature;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;

/**
 * One graph file of a model package on a shared session: acquired with the configured device options, its inputs and
 * outputs checked against what the caller needs. Closing releases the session handle; a closed graph fails fast.
 *
 * <pre>{@code
 * try (PackageGraph unet = PackageGraph.open(sessions, folder.resolve("unet/model.onnx"),
 *         List.of("sample", "timestep", "encoder_hidden_states"), List.of("out_sample"))) {
 *     FloatTensor noise = unet.runFloat(inputs, "out_sample");
 * }
 * }</pre>
 */
public final class PackageGraph implements AutoCloseable {

    private final Path file;
    private final SessionHandle session;
    private volatile boolean closed;

    private PackageGraph(Path file, SessionHandle session) {
        this.file = file;
        this.session = session;
    }

    /**
     * Loads a graph file and checks that it takes exactly {@code inputs} and gives at least {@code outputs}.
     *
     * @throws InvalidModelException naming the file when it cannot be loaded or its signature differs
     */
    public static PackageGraph open(InferenceSessions sessions, Path file, Collection<String> inputs,
            Collection<String> outputs) throws InvalidModelException {
        PackageGraph graph = load(sessions, file);
        try {
            graph.requireSignature(inputs, outputs);
        } catch (InvalidModelException e) {
            graph.close();
            throw e;
        }
        return graph;
    }

    /**
     * Checks that the graph takes exactly {@code inputs} and gives at least {@code outputs}.
     *
     * @throws InvalidModelException naming the file and both signatures when it does not
     */
    public void requireSignature(Collection<String> inputs, Collection<String> outputs) throws InvalidModelException {
        GraphSignature signature = signature();
        if (!signature.inputs().keySet().equals(Set.copyOf(inputs)) || !signature.outputs().keySet().containsAll(outputs)) {
            throw new InvalidModelException(file + " takes " + signature.inputs().keySet() + " and gives "
                    + signature.outputs().keySet() + "; expected inputs " + inputs + " and outputs " + outputs
                    + " (re-export the package with the exporter named in its manifest)");
        }
    }

    /** Loads a graph file without checking its signature. */
    public static PackageGraph load(InferenceSessions sessions, Path file) throws InvalidModelException {
        try {
            return new PackageGraph(file, sessions.acquire(file, SessionOptions.DEFAULT));
        } catch (SessionException e) {
            throw new InvalidModelException(file + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The graph file. */
    public Path file() {
        return file;
    }

    /** The graph's inputs and outputs with their element types and shapes (-1 where dynamic). */
    public GraphSignature signature() {
        return session.signature();
    }

    /** Runs the graph. */
    public Map<String, Tensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs) throws SessionException {
        if (closed) {
            throw new IllegalStateException(file.getFileName() + " is closed");
        }
        return session.run(inputs, outputs);
    }

    /** Runs the graph for its one float output. */
    public FloatTensor runFloat(Map<String, ? extends Tensor> inputs, String output) throws SessionException {
        return (FloatTensor) run(inputs, Set.of(output)).get(output);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.close();
        }
    }
}
