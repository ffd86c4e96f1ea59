package org.alphaclip.mllm.internal.blip2;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.mllm.internal.graph.Graph;

/**
 * The cross-attention keys and values graph ({@code cross_key_values.onnx}): the encoder's last hidden state
 * {@code [1, S, d_model]} to every decoder layer's cross-attention keys and values, once per image and prompt, so
 * that the decoder has one signature for every step.
 */
public final class CrossKeyValues implements AutoCloseable {

    static final String INPUT = "encoder_hidden_states";

    private final Graph graph;
    private final int layers;
    private final List<String> outputs;

    private CrossKeyValues(Graph graph, int layers, List<String> outputs) {
        this.graph = graph;
        this.layers = layers;
        this.outputs = outputs;
    }

    /** Loads the graph and checks that it gives a key and a value for each of {@code layers} decoder layers. */
    public static CrossKeyValues open(InferenceSessions sessions, Path file, int layers) throws InvalidModelException {
        List<String> outputs = T5Decoder.crossNames(layers);
        return new CrossKeyValues(Graph.open(sessions, file, List.of(INPUT), outputs), layers, outputs);
    }

    /** The keys and values of one encoder output. */
    public EncoderMemory compute(FloatTensor encoderOutput) throws SessionException {
        Map<String, Tensor> out = graph.run(Map.of(INPUT, encoderOutput), java.util.Set.copyOf(outputs));
        FloatTensor[] keys = new FloatTensor[layers];
        FloatTensor[] values = new FloatTensor[layers];
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = (FloatTensor) out.get(T5Decoder.CROSS + layer + ".key");
            values[layer] = (FloatTensor) out.get(T5Decoder.CROSS + layer + ".value");
        }
        return new EncoderMemory(keys, values, (int) encoderOutput.shape()[1]);
    }

    @Override
    public void close() {
        graph.close();
    }
}
