package org.alphaclip.mllm.internal.graph;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;

/**
 * The token table graph ({@code embed_tokens.onnx}): ids {@code [B, T]} to embeddings {@code [B, T, hidden]}. A graph
 * rather than a matrix in the Java heap, so that the table lives in native memory on the configured device, shared
 * like every other session.
 */
public final class TokenEmbedder implements AutoCloseable {

    static final String INPUT = "input_ids";
    static final String OUTPUT = "inputs_embeds";

    private final Graph graph;

    private TokenEmbedder(Graph graph) {
        this.graph = graph;
    }

    /** Loads the graph and checks its inputs and outputs. */
    public static TokenEmbedder open(InferenceSessions sessions, Path file) throws InvalidModelException {
        return new TokenEmbedder(Graph.open(sessions, file, List.of(INPUT), List.of(OUTPUT)));
    }

    /** The embeddings of rows of equally many ids. */
    public FloatTensor embed(int[][] ids) throws SessionException {
        int columns = ids[0].length;
        long[] flat = new long[ids.length * columns];
        for (int row = 0; row < ids.length; row++) {
            for (int i = 0; i < columns; i++) {
                flat[row * columns + i] = ids[row][i];
            }
        }
        return graph.runFloat(Map.of(INPUT, new LongTensor(new long[] {ids.length, columns}, flat)), OUTPUT);
    }

    @Override
    public void close() {
        graph.close();
    }
}
