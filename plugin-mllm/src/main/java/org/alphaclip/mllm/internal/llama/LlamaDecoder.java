package org.alphaclip.mllm.internal.llama;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.mllm.internal.graph.CacheLayout;
import org.alphaclip.mllm.internal.graph.CachingDecoder;
import org.alphaclip.mllm.internal.graph.Graph;
import org.alphaclip.mllm.internal.graph.KvCache;

/**
 * The Llama decoder graph ({@code decoder.onnx}) with a key/value cache: one call takes the embeddings of the new
 * positions of some rows, {@code [rows, T, hidden]}, with each row's past keys and values, and gives the next-token
 * logits of each row's last position with the present keys and values (past and new). Every row attends to all of
 * its positions (no padding), positions count on from the past's length.
 *
 * <pre>{@code
 * try (LlamaDecoder decoder = LlamaDecoder.open(sessions, file, shape)) {
 *     CachingDecoder.Step prefill = decoder.run(promptEmbeddings, KvCache.empty(decoder.cacheLayout(), 1));
 *     CachingDecoder.Step next = decoder.run(tokenEmbedding, prefill.cache());
 * }
 * }</pre>
 */
public final class LlamaDecoder implements CachingDecoder, AutoCloseable {

    static final String EMBEDDINGS = "inputs_embeds";
    static final String ATTENTION_MASK = "attention_mask";
    static final String POSITIONS = "position_ids";

    private final Graph graph;
    private final DecoderShape shape;
    private final Set<String> outputs;

    private LlamaDecoder(Graph graph, DecoderShape shape) {
        this.graph = graph;
        this.shape = shape;
        this.outputs = new HashSet<>(outputNames(shape.layers()));
    }

    /**
     * Loads the graph and checks it: the cache inputs and outputs of every layer and logits over the vocabulary.
     *
     * @throws InvalidModelException naming the file when the graph has no cache inputs or other inputs and outputs
     */
    public static LlamaDecoder open(InferenceSessions sessions, Path file, DecoderShape shape) throws InvalidModelException {
        return new LlamaDecoder(Graph.openDecoder(sessions, file, inputNames(shape.layers()), outputNames(shape.layers()),
                shape.vocabSize(), "tools/export/export_llava.py"), shape);
    }

    static List<String> inputNames(int layers) {
        return KvCache.layerNames(List.of(EMBEDDINGS, ATTENTION_MASK, POSITIONS), KvCache.PAST, layers);
    }

    static List<String> outputNames(int layers) {
        return KvCache.layerNames(List.of(Graph.LOGITS), KvCache.PRESENT, layers);
    }

    @Override
    public CacheLayout cacheLayout() {
        return shape.cacheLayout();
    }

    @Override
    public Step run(FloatTensor embeddings, KvCache past) throws SessionException {
        long[] dims = embeddings.shape();
        int rows = (int) dims[0];
        int added = (int) dims[1];
        if (rows != past.rows() || dims[2] != shape.hiddenSize()) {
            throw new IllegalArgumentException("embeddings " + java.util.Arrays.toString(dims) + " do not fit " + past.rows()
                    + " rows of width " + shape.hiddenSize());
        }
        int total = past.length() + added;
        long[] mask = new long[rows * total];
        java.util.Arrays.fill(mask, 1L);
        long[] positions = new long[rows * added];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = past.length() + i % added;
        }
        Map<String, Tensor> inputs = new HashMap<>();
        inputs.put(EMBEDDINGS, embeddings);
        inputs.put(ATTENTION_MASK, new LongTensor(new long[] {rows, total}, mask));
        inputs.put(POSITIONS, new LongTensor(new long[] {rows, added}, positions));
        past.putAsPast(inputs);
        Map<String, Tensor> out = graph.run(inputs, outputs);
        return Step.of((FloatTensor) out.get(Graph.LOGITS), KvCache.fromPresent(out, shape.layers(), rows, total));
    }

    @Override
    public void close() {
        graph.close();
    }
}
