package org.alphaclip.mllm.internal.graph;

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
 * One graph of a package on a shared session: acquired with the configured device options, its inputs and outputs
 * checked against what the caller needs. Closing releases the session handle; a closed graph fails fast.
 */
public final class Graph implements AutoCloseable {

    /** A decoder's next-token logits output. */
    public static final String LOGITS = "logits";

    private final Path file;
    private final SessionHandle session;
    private volatile boolean closed;

    private Graph(Path file, SessionHandle session) {
        this.file = file;
        this.session = session;
    }

    /**
     * Loads a graph file and checks that it takes exactly {@code inputs} and gives at least {@code outputs}.
     *
     * @throws InvalidModelException naming the file when it cannot be loaded or its signature differs
     */
    public static Graph open(InferenceSessions sessions, Path file, Collection<String> inputs, Collection<String> outputs)
            throws InvalidModelException {
        Graph graph = load(sessions, file);
        try {
            graph.check(inputs, outputs);
        } catch (InvalidModelException e) {
            graph.close();
            throw e;
        }
        return graph;
    }

    /**
     * Loads a decoder graph with a key/value cache and checks it: past key/value inputs at all (a decoder exported
     * without them cannot run here), exactly {@code inputs}, at least {@code outputs}, and {@code logits}
     * {@code [batch, vocabSize]} (the last position's next-token logits).
     *
     * @param exporter the exporter that writes such decoders, named in the error
     * @throws InvalidModelException naming the file when the graph has no cache inputs or other inputs and outputs
     */
    public static Graph openDecoder(InferenceSessions sessions, Path file, Collection<String> inputs,
            Collection<String> outputs, int vocabSize, String exporter) throws InvalidModelException {
        Graph graph = load(sessions, file);
        try {
            if (!graph.hasInput(KvCache.PAST + "0.key")) {
                throw new InvalidModelException(file + " has no past key/value inputs (past_key_values.N.key and .value): "
                        + "this runtime needs a decoder with a cache; export the package with " + exporter);
            }
            graph.check(inputs, outputs);
            long[] logits = graph.outputShape(LOGITS);
            if (logits.length != 2 || logits[1] != vocabSize) {
                throw new InvalidModelException(file + " gives logits " + java.util.Arrays.toString(logits)
                        + "; expected [batch, " + vocabSize + "] (the last position's next-token logits)");
            }
        } catch (InvalidModelException e) {
            graph.close();
            throw e;
        }
        return graph;
    }

    /** Loads a graph file without checking its signature. */
    private static Graph load(InferenceSessions sessions, Path file) throws InvalidModelException {
        try {
            return new Graph(file, sessions.acquire(file, SessionOptions.DEFAULT));
        } catch (SessionException e) {
            throw new InvalidModelException(file + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** Checks that the graph takes exactly {@code inputs} and gives at least {@code outputs}. */
    private void check(Collection<String> inputs, Collection<String> outputs) throws InvalidModelException {
        GraphSignature signature = session.signature();
        if (!signature.inputs().keySet().equals(Set.copyOf(inputs)) || !signature.outputs().keySet().containsAll(outputs)) {
            throw new InvalidModelException(file + " takes " + signature.inputs().keySet() + " and gives "
                    + signature.outputs().keySet() + "; expected inputs " + inputs + " and outputs " + outputs
                    + " (re-export the package with the exporter named in its manifest)");
        }
    }

    /** Whether the graph has an input of this name. */
    private boolean hasInput(String name) {
        return session.signature().inputs().containsKey(name);
    }

    /** The shape the graph declares for an output, -1 where dynamic. */
    private long[] outputShape(String name) {
        return session.signature().outputs().get(name).shape();
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
