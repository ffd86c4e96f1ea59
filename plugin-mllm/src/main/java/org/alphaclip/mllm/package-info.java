/**
 * Multimodal language models on the Alpha-CLIP encoder: a model package (LLaVA-1.5, or BLIP-2 with T5) turns an
 * image's encoder tokens and a question (or, for BLIP-2, a prompt) into text, token by token.
 *
 * <pre>{@code
 * @Reference MultimodalModels models;
 * try (MultimodalModel model = models.open(Path.of("models/llava-shapes"))) {
 *     ImageFeatures wanted = model.info().imageFeatures();      // which encoder hidden states it takes
 *     FloatTensor tokens = encoding.hiddenStates().get(wanted.layer());
 *     Generation answer = model.generate(tokens, "What is in the highlighted region?",
 *             DecodingSettings.greedy(32), (id, text) -> System.out.print(text));
 * }
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.mllm;

import org.osgi.annotation.versioning.Version;
