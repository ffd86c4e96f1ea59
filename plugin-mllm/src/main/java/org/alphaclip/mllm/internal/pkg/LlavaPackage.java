package org.alphaclip.mllm.internal.pkg;

import java.nio.file.Path;

import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.internal.llama.DecoderShape;
import org.alphaclip.mllm.internal.text.ConversationTemplate;
import org.alphaclip.mllm.internal.text.SpecialTokens;

/**
 * A verified LLaVA package: what it is, its graphs and tokenizer, its prompt template.
 *
 * <pre>{@code
 * LlavaPackage llava = (LlavaPackage) PackageReader.read(Path.of("models/llava-shapes"));
 * llava.decoder();   // models/llava-shapes/decoder.onnx
 * }</pre>
 *
 * @param info the public description
 * @param decoderShape the numbers the decoder's inputs and outputs depend on
 * @param conversation the prompt template
 * @param specialTokens the tokenizer's special ids
 * @param projector {@code projector.onnx}: encoder tokens to language-model embeddings
 * @param embedding {@code embed_tokens.onnx}: token ids to embeddings
 * @param decoder {@code decoder.onnx}: the Llama decoder with past keys and values
 * @param tokenizer {@code tokenizer.json}
 */
public record LlavaPackage(MultimodalPackageInfo info, DecoderShape decoderShape, ConversationTemplate conversation,
        SpecialTokens specialTokens, Path projector, Path embedding, Path decoder, Path tokenizer)
        implements MultimodalPackage {
}
