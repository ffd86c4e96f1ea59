package org.alphaclip.mllm.internal.graph;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.session.PackageGraph;

/**
 * One graph of a multimodal package on a shared session ({@link PackageGraph}), with the check a decoder with a
 * key/value cache needs on top. Closing releases the session handle; a closed graph fails fast.
 */
public final class Graph implements AutoCloseable {

    /** A decoder's next-token logits output. */
    public static final String LOGITS = "logits";

    private final PackageGraph graph;

    private Graph(PackageGraph graph) {
        this.graph = graph;
    }

    /**
     * Loads a graph file and checks that it takes exactly {@code inputs} and gives at least {@code outputs}.
     *
     * @throws InvalidModelException naming the file when it cannot be loaded or its signature differs
     */
    public static Graph open(InferenceSessions sessions, Path file, Collection<String> inputs, Collection<String> outputs)
            throws InvalidModelException {
        return new Graph(PackageGraph.open(sessions, file, inputs, outputs));
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
        PackageGraph graph = PackageGraph.load(sessions, file);
        try {
            if (!graph.signature().inputs().containsKey(KvCache.PAST + "0.key")) {
                throw new InvalidModelException(file + " has no past key/value inputs (past_key_values.N.key and .value): "
                        + "this runtime needs a decoder with a cache; export the package with " + exporter);
            }
            graph.requireSignature(inputs, outputs);
            long[] logits = graph.signature().outputs().get(LOGITS).shape();
            if (logits.length != 2 || logits[1] != vocabSize) {
                throw new InvalidModelException(file + " gives logits " + java.util.Arrays.toString(logits)
                        + "; expected [batch, " + vocabSize + "] (the last position's next-token logits)");
            }
        } catch (InvalidModelException e) {
            graph.close();
            throw e;
        }
        return new Graph(graph);
    }

    /** Runs the graph. */
    public Map<String, Tensor> run(Map<String, ? extends Tensor> inputs, Set<String> outputs) throws SessionException {
        return graph.run(inputs, outputs);
    }

    /** Runs the graph for its one float output. */
    public FloatTensor runFloat(Map<String, ? extends Tensor> inputs, String output) throws SessionException {
        return graph.runFloat(inputs, output);
    }

    @Override
    public void close() {
        graph.close();
    }
}
