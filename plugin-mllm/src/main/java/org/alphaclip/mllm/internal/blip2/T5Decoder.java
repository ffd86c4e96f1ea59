package org.alphaclip.mllm.internal.blip2;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.mllm.internal.graph.CacheLayout;
import org.alphaclip.mllm.internal.graph.CachingDecoder;
import org.alphaclip.mllm.internal.graph.Graph;
import org.alphaclip.mllm.internal.graph.KvCache;

/**
 * The T5 decoder graph ({@code decoder.onnx}) with a self-attention key/value cache. One call takes the embeddings
 * of the new positions of some rows {@code [rows, T, d_model]}, each row's past, and the cross-attention keys and
 * values of the encoder output, and gives the next-token logits of each row's last position with the present keys
 * and values. The graph reads the new positions' offset from the past's length (relative position bias and causal
 * mask), so an empty past recomputes a whole sequence. {@link #attending} binds one encoder output, which gives the
 * {@link CachingDecoder} the decoding strategies drive.
 *
 * <pre>{@code
 * try (T5Decoder decoder = T5Decoder.open(sessions, file, layout, vocabSize)) {
 *     CachingDecoder bound = decoder.attending(crossKeyValues.compute(encoderOutput));
 *     CachingDecoder.Step first = bound.run(startEmbedding, KvCache.empty(layout, 1));
 * }
 * }</pre>
 */
public final class T5Decoder implements AutoCloseable {

    static final String EMBEDDINGS = "inputs_embeds";
    static final String ENCODER_MASK = "encoder_attention_mask";
    static final String CROSS = "cross_key_values.";

    private final Graph graph;
    private final CacheLayout layout;
    private final Set<String> outputs;

    private T5Decoder(Graph graph, CacheLayout layout) {
        this.graph = graph;
        this.layout = layout;
        this.outputs = Set.copyOf(KvCache.layerNames(List.of(Graph.LOGITS), KvCache.PRESENT, layout.layers()));
    }

    /**
     * Loads the graph and checks it: past, cross and present keys and values of every layer, logits over the
     * vocabulary.
     *
     * @throws InvalidModelException naming the file when the graph has no cache inputs or other inputs and outputs
     */
    public static T5Decoder open(InferenceSessions sessions, Path file, CacheLayout layout, int vocabSize)
            throws InvalidModelException {
        List<String> inputs = KvCache.layerNames(List.of(EMBEDDINGS, ENCODER_MASK), KvCache.PAST, layout.layers());
        inputs.addAll(crossNames(layout.layers()));
        List<String> outputs = KvCache.layerNames(List.of(Graph.LOGITS), KvCache.PRESENT, layout.layers());
        return new T5Decoder(Graph.openDecoder(sessions, file, inputs, outputs, vocabSize, "tools/export/export_blip2.py"),
                layout);
    }

    /** The cross-attention key and value names of every layer, as both graphs call them. */
    static List<String> crossNames(int layers) {
        return KvCache.layerNames(List.of(), CROSS, layers);
    }

    /** This decoder attending to one encoder output, for one generation. */
    public CachingDecoder attending(EncoderMemory memory) {
        return new Attending(memory);
    }

    /**
     * The decoder bound to one encoder output; every row decodes that output, so the memory is repeated to the rows a
     * call has (kept while the number of rows stays the same). Not thread-safe: one per generation.
     */
    private final class Attending implements CachingDecoder {

        private final EncoderMemory memory;
        private EncoderMemory repeated;

        Attending(EncoderMemory memory) {
            this.memory = memory;
            this.repeated = memory;
        }

        @Override
        public CacheLayout cacheLayout() {
            return layout;
        }

        @Override
        public Step run(FloatTensor embeddings, KvCache past) throws SessionException {
            int rows = past.rows();
            if (embeddings.shape()[0] != rows) {
                throw new IllegalArgumentException("embeddings " + Arrays.toString(embeddings.shape()) + " do not fit "
                        + rows + " rows");
            }
            if (repeated.keys()[0].shape()[0] != rows) {
                repeated = memory.repeat(rows);
            }
            Map<String, Tensor> inputs = new HashMap<>();
            inputs.put(EMBEDDINGS, embeddings);
            inputs.put(ENCODER_MASK, T5Encoder.attendAll(rows, repeated.length()));
            past.putAsPast(inputs);
            FloatTensor[] crossKeys = repeated.keys();
            FloatTensor[] crossValues = repeated.values();
            for (int layer = 0; layer < layout.layers(); layer++) {
                inputs.put(CROSS + layer + ".key", crossKeys[layer]);
                inputs.put(CROSS + layer + ".value", crossValues[layer]);
            }
            Map<String, Tensor> out = graph.run(inputs, outputs);
            int length = past.length() + (int) embeddings.shape()[1];
            return Step.of((FloatTensor) out.get(Graph.LOGITS), KvCache.fromPresent(out, layout.layers(), rows, length));
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
