package org.alphaclip.mllm.internal.blip2;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.mllm.internal.graph.Graph;

/**
 * The T5 encoder ({@code encoder.onnx}): the input sequence {@code [1, S, d_model]} (projected queries, then the
 * prompt's token embeddings) to its last hidden state {@code [1, S, d_model]}, after the final layer norm. One
 * sequence attends to all of its positions.
 */
public final class T5Encoder implements AutoCloseable {

    static final String EMBEDDINGS = "inputs_embeds";
    static final String ATTENTION_MASK = "attention_mask";
    static final String OUTPUT = "last_hidden_state";

    private final Graph graph;

    private T5Encoder(Graph graph) {
        this.graph = graph;
    }

    /** Loads the graph and checks its inputs and outputs. */
    public static T5Encoder open(InferenceSessions sessions, Path file) throws InvalidModelException {
        return new T5Encoder(Graph.open(sessions, file, List.of(EMBEDDINGS, ATTENTION_MASK), List.of(OUTPUT)));
    }

    /** The last hidden state of one sequence {@code [1, S, d_model]}. */
    public FloatTensor encode(FloatTensor sequence) throws SessionException {
        return graph.runFloat(Map.of(EMBEDDINGS, sequence, ATTENTION_MASK, attendAll(1, (int) sequence.shape()[1])),
                OUTPUT);
    }

    /** A mask {@code [rows, positions]} of ones: every position is attended to. */
    static LongTensor attendAll(int rows, int positions) {
        long[] ones = new long[rows * positions];
        Arrays.fill(ones, 1L);
        return new LongTensor(new long[] {rows, positions}, ones);
    }

    @Override
    public void close() {
        graph.close();
    }
}
