package org.alphaclip.api.model;

import java.nio.file.Path;
import java.util.List;

/**
 * The facts of one model package.
 *
 * @param name the package name, unique among live packages
 * @param description a sentence for people
 * @param location the package folder
 * @param embedDim width of the projected embeddings shared by image and text
 * @param vision the image tower
 * @param text the text tower
 * @param preprocessing how images and alpha maps are prepared
 * @param logitScale the factor applied to cosine similarities before a softmax (100 for CLIP)
 * @param promptTemplates default templates for classification, each with one {@code {}} for the label
 * @param tokenizer how text becomes token ids
 */
public record ModelInfo(String name, String description, Path location, int embedDim, VisionTower vision,
        TextTower text, Preprocessing preprocessing, double logitScale, List<String> promptTemplates,
        TokenizerSpec tokenizer) {

    /** Copies the template list. */
    public ModelInfo {
        promptTemplates = List.copyOf(promptTemplates);
    }

    /**
     * The image tower of a ViT.
     *
     * @param resolution input side R in pixels
     * @param patchSize patch side in pixels
     * @param width token width
     * @param layers residual blocks
     * @param heads attention heads
     */
    public record VisionTower(int resolution, int patchSize, int width, int layers, int heads) {
        /** Patches per side. */
        public int grid() {
            return resolution / patchSize;
        }

        /** Tokens including the class token. */
        public int tokens() {
            return grid() * grid() + 1;
        }
    }

    /**
     * The text tower.
     *
     * @param contextLength tokens per text
     * @param vocabSize token ids
     * @param width token width
     * @param layers residual blocks
     * @param heads attention heads
     */
    public record TextTower(int contextLength, int vocabSize, int width, int layers, int heads) {
    }

    /**
     * How text becomes ids.
     *
     * @param type {@code clip-bpe} or {@code word-level}
     * @param cleaning {@code clip} (ftfy-like repair, HTML unescape, whitespace, lowercase) or {@code basic}
     * @param startToken the start-of-text token
     * @param endToken the end-of-text token
     */
    public record TokenizerSpec(String type, String cleaning, String startToken, String endToken) {
    }
}
