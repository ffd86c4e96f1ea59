package org.alphaclip.mllm;

import java.nio.file.Path;

/**
 * A verified multimodal package.
 *
 * @param name the package name
 * @param description free text
 * @param location the package folder
 * @param family the architecture family, e.g. {@code llava}
 * @param imageFeatures what the model takes from its Alpha-CLIP encoder package
 * @param contextLength the most tokens prompt and answer may hold together
 * @param vocabSize the language model's vocabulary
 */
public record MultimodalPackageInfo(String name, String description, Path location, String family,
        ImageFeatures imageFeatures, int contextLength, int vocabSize) {
}
