package org.alphaclip.mllm.internal.pkg;

import java.nio.file.Path;
import java.util.List;

import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.internal.graph.CacheLayout;

/**
 * A verified BLIP-2 package (Q-Former and a T5 language model) as {@code tools/export/export_blip2.py} writes it.
 *
 * <pre>{@code
 * Blip2Package blip2 = (Blip2Package) PackageReader.read(Path.of("models/blip2-flant5"));
 * blip2.decoder();   // models/blip2-flant5/decoder.onnx
 * }</pre>
 *
 * @param info the public description
 * @param queryTokens Q, the projected queries that open the T5 encoder's input
 * @param modelWidth T5's {@code d_model}
 * @param decoderCache the shape of the decoder's self-attention cache (and of the cross-attention keys and values)
 * @param decoderStartId the first decoder input
 * @param eosIds the ids that end a prompt (the first) and stop decoding
 * @param qformer {@code qformer.onnx}: image tokens to the T5 input queries
 * @param embedding {@code embed_tokens.onnx}: token ids to embeddings
 * @param encoder {@code encoder.onnx}: the T5 encoder
 * @param crossKeyValues {@code cross_key_values.onnx}: each decoder layer's cross-attention keys and values
 * @param decoder {@code decoder.onnx}: the T5 decoder with past keys and values
 * @param tokenizer {@code tokenizer.json}
 */
public record Blip2Package(MultimodalPackageInfo info, int queryTokens, int modelWidth, CacheLayout decoderCache,
        int decoderStartId, List<Integer> eosIds, Path qformer, Path embedding, Path encoder, Path crossKeyValues,
        Path decoder, Path tokenizer) implements MultimodalPackage {

    /** Copies the end ids. */
    public Blip2Package {
        eosIds = List.copyOf(eosIds);
    }
}
