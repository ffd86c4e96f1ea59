package org.alphaclip.mllm.internal.pkg;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a multimodal package as written by {@code tools/export/export_llava.py} (format in
 * {@code tools/export/README.md}, section "MLLM packages"), mapped field by field. Absent fields are
 * {@code null}; {@link PackageReader} checks them.
 */
record Manifest(String format, Integer formatVersion, String name, String description, Architecture architecture,
        Encoder encoder, Conversation conversation, Tokenizer tokenizer, Map<String, Graph> graphs,
        Map<String, String> files) {

    /** {@code architecture}: the family and its parts. */
    record Architecture(String family, Projector projector, LanguageModel languageModel) {
    }

    /** {@code architecture.projector}. */
    record Projector(String type, Integer inputWidth, Integer width) {
    }

    /** {@code architecture.languageModel}: the numbers of the Llama decoder. */
    record LanguageModel(String family, Integer vocabSize, Integer hiddenSize, Integer layers, Integer heads,
            Integer kvHeads, Integer headDim, Integer contextLength) {
    }

    /** {@code encoder}: the Alpha-CLIP package the model takes its image tokens from. */
    record Encoder(String name, String manifestSha256, Integer layer, Boolean classToken, Integer tokens, Integer width,
            String imageAspectRatio) {
    }

    /** {@code conversation}: the prompt template. */
    record Conversation(String template, String system, List<String> roles, String separator, String turnSeparator,
            String imageToken) {
    }

    /** {@code tokenizer}: the tokenizer.json and its special ids. */
    record Tokenizer(String type, String file, Integer bosId, List<Integer> eosIds, Boolean addBos) {
    }

    /** One entry of {@code graphs}. */
    record Graph(String file, List<String> inputs, List<String> outputs) {
    }
}
