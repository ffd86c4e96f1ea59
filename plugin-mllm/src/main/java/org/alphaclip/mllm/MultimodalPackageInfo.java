package org.alphaclip.mllm;

import java.nio.file.Path;

/**
 * A verified multimodal package.
 *
 * @param name the package name
 * @param description free text
 * @param location the package folder
 * @param family the architecture family, {@code llava} or {@code blip2}
 * @param imageFeatures what the model takes from its Alpha-CLIP encoder package
 * @param contextLength the most tokens prompt and answer may hold together (LLaVA); for BLIP-2, the most tokens
 *        of the T5 encoder's input (queries and prompt) and, on its own, of the answer
 * @param vocabSize the language model's vocabulary
 */
public record MultimodalPackageInfo(String name, String description, Path location, String family,
        ImageFeatures imageFeatures, int contextLength, int vocabSize) {
}
