package org.alphaclip.core.internal.model;

import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.model.ModelInfo;

/**
 * A verified model package: its public facts plus the files and graph names the encoder needs.
 *
 * @param info the public facts
 * @param visualGraph the image graph file
 * @param visualOutputs the image graph's declared outputs
 * @param textGraph the text graph file
 * @param tokenizerFile the tokenizer document
 */
public record ModelPackage(ModelInfo info, Path visualGraph, List<String> visualOutputs, Path textGraph,
        Path tokenizerFile) {

    /** Graph input names every package must have. */
    public static final List<String> VISUAL_INPUTS = List.of("image", "alpha");
    /** The text graph's input. */
    public static final List<String> TEXT_INPUTS = List.of("tokens");
    /** The pooled image embedding output. */
    public static final String IMAGE_EMBEDDING = "image_embedding";
    /** The text embedding output. */
    public static final String TEXT_EMBEDDING = "text_embedding";
    /** The last block's class-token attention output. */
    public static final String CLS_ATTENTION = "attention_last_cls";

    /** Copies the output list. */
    public ModelPackage {
        visualOutputs = List.copyOf(visualOutputs);
    }

    /** The output holding the hidden state after block {@code block} (1-based). */
    public static String hiddenStateOutput(int block) {
        return "hidden_state_" + block;
    }
}
