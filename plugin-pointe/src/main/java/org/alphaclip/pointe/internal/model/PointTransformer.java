package org.alphaclip.pointe.internal.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.session.PackageGraph;

/**
 * One of Point-E's image-grid transformers ({@code base.onnx} or {@code upsampler.onnx}): points {@code x [B, 6, N]} in
 * the scaled space, integer timesteps {@code t [B]}, the grid tokens {@code embeddings [B, C, L]} and, for the
 * upsampler, the unscaled low-resolution cloud {@code low_res [B, 6, M]}, to {@code [B, 12, N]}: the noise prediction
 * in channels 0-5 (6-11 hold variance values the Karras sampler does not use).
 */
public final class PointTransformer implements AutoCloseable {

    static final String X = "x";
    static final String T = "t";
    static final String EMBEDDINGS = "embeddings";
    static final String LOW_RES = "low_res";
    static final String OUT = "output";

    private final PackageGraph graph;
    private final boolean upsampler;

    private PointTransformer(PackageGraph graph, boolean upsampler) {
        this.graph = graph;
        this.upsampler = upsampler;
    }

    /**
     * Opens a graph and checks its inputs and output.
     *
     * @param upsampler whether it is the upsampler (with {@code low_res})
     * @throws InvalidModelException naming the file when they do not fit
     */
    public static PointTransformer open(InferenceSessions sessions, Path file, boolean upsampler)
            throws InvalidModelException {
        List<String> inputs = new ArrayList<>(List.of(X, T, EMBEDDINGS));
        if (upsampler) {
            inputs.add(LOW_RES);
        }
        return new PointTransformer(PackageGraph.open(sessions, file, inputs, List.of(OUT)), upsampler);
    }

    /**
     * The model's output for a batch.
     *
     * @param lowRes the unscaled low-resolution cloud for the upsampler, null for the base model
     */
    public FloatTensor predict(FloatTensor x, long[] t, FloatTensor embeddings, FloatTensor lowRes) throws SessionException {
        Map<String, Tensor> inputs = new HashMap<>();
        inputs.put(X, x);
        inputs.put(T, new LongTensor(new long[] {t.length}, t.clone()));
        inputs.put(EMBEDDINGS, embeddings);
        if (upsampler) {
            inputs.put(LOW_RES, lowRes);
        }
        return graph.runFloat(inputs, OUT);
    }

    /** Whether this is the upsampler. */
    public boolean upsampler() {
        return upsampler;
    }

    @Override
    public void close() {
        graph.close();
    }
}
