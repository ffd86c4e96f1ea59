package org.alphaclip.mllm.internal.blip2;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.mllm.internal.graph.Graph;

/**
 * BLIP-2's image side ({@code qformer.onnx}): the encoder's tokens {@code [1, N, vision width]} through
 * {@code ln_vision}, the Q-Former's learned queries attending to them, and the language projection, to the T5
 * input queries {@code [1, Q, d_model]}.
 */
public final class QueryTransformer implements AutoCloseable {

    static final String INPUT = "image_tokens";
    static final String LN_VISION = "ln_vision_output";
    static final String QUERIES = "qformer_output";
    static final String LANGUAGE_MODEL_INPUTS = "language_model_inputs";

    private final Graph graph;

    /**
     * Every stage's output: the last is what the T5 takes, the others are there to be checked against a reference.
     *
     * @param lnVision the image tokens after {@code ln_vision}, {@code [1, N, vision width]}
     * @param queries the Q-Former's output queries, {@code [1, Q, qformer width]}
     * @param languageModelInputs the queries projected to the T5 width, {@code [1, Q, d_model]}
     */
    public record Stages(FloatTensor lnVision, FloatTensor queries, FloatTensor languageModelInputs) {
    }

    private QueryTransformer(Graph graph) {
        this.graph = graph;
    }

    /** Loads the graph and checks its inputs and outputs. */
    public static QueryTransformer open(InferenceSessions sessions, Path file) throws InvalidModelException {
        return new QueryTransformer(Graph.open(sessions, file, List.of(INPUT), List.of(LN_VISION, QUERIES,
                LANGUAGE_MODEL_INPUTS)));
    }

    /** Every stage's output for image tokens (the first two cost nothing extra: the graph computes them anyway). */
    public Stages run(FloatTensor imageTokens) throws SessionException {
        Map<String, Tensor> out = graph.run(Map.of(INPUT, imageTokens), Set.of(LN_VISION, QUERIES, LANGUAGE_MODEL_INPUTS));
        return new Stages((FloatTensor) out.get(LN_VISION), (FloatTensor) out.get(QUERIES),
                (FloatTensor) out.get(LANGUAGE_MODEL_INPUTS));
    }

    @Override
    public void close() {
        graph.close();
    }
}
