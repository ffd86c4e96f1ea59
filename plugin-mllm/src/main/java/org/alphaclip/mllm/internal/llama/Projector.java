package org.alphaclip.mllm.internal.llama;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.internal.graph.Graph;

/**
 * LLaVA's {@code mm_projector} graph ({@code projector.onnx}): every encoder token, {@code [B, N, encoder width]},
 * to a language-model embedding, {@code [B, N, hidden]}.
 */
public final class Projector implements AutoCloseable {

    static final String INPUT = "image_features";
    static final String OUTPUT = "projected_features";

    private final Graph graph;
    private final int inputWidth;

    private Projector(Graph graph, int inputWidth) {
        this.graph = graph;
        this.inputWidth = inputWidth;
    }

    /** Loads the graph and checks its inputs and outputs. */
    public static Projector open(InferenceSessions sessions, Path file, int inputWidth) throws InvalidModelException {
        return new Projector(Graph.open(sessions, file, List.of(INPUT), List.of(OUTPUT)), inputWidth);
    }

    /**
     * Projects image tokens.
     *
     * @throws IllegalArgumentException when the tokens are not {@code [B, N, inputWidth]}
     */
    public FloatTensor project(FloatTensor imageTokens) throws SessionException {
        long[] shape = imageTokens.shape();
        if (shape.length != 3 || shape[2] != inputWidth) {
            throw new IllegalArgumentException("image tokens have shape " + Arrays.toString(shape) + "; the projector takes [1, N, "
                    + inputWidth + "]");
        }
        return graph.runFloat(Map.of(INPUT, imageTokens), OUTPUT);
    }

    @Override
    public void close() {
        graph.close();
    }
}
