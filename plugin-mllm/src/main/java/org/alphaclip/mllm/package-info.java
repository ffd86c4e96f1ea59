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
 *     Chat chat = model.startChat(tokens);                          // 1.1: turns that keep the key/value cache
 * }
 * }</pre>
 */
@Version("1.1.0")
package org.alphaclip.mllm;

import org.osgi.annotation.versioning.Version;
