package org.alphaclip.mllm.internal.pkg;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a multimodal package as written by {@code tools/export/export_llava.py} or
 * {@code export_blip2.py} (formats in {@code tools/export/README.md}, sections "MLLM packages" and "BLIP-2
 * packages"), mapped field by field: the fields of both families, those of the other family absent. Absent fields
 * are {@code null}; {@link PackageReader} checks them.
 */
record Manifest(String format, Integer formatVersion, String name, String description, Architecture architecture,
        Encoder encoder, Conversation conversation, Tokenizer tokenizer, Map<String, Graph> graphs,
        Map<String, String> files) {

    /** {@code architecture}: the family and its parts ({@code projector} for LLaVA, {@code qformer} for BLIP-2). */
    record Architecture(String family, Projector projector, QueryTransformer qformer, LanguageModel languageModel) {
    }

    /** {@code architecture.projector}. */
    record Projector(String type, Integer inputWidth, Integer width) {
    }

    /** {@code architecture.qformer} (BLIP-2): the queries and the image token width it takes. */
    record QueryTransformer(Integer queryTokens, Integer visionWidth) {
    }

    /**
     * {@code architecture.languageModel}: the numbers of the Llama decoder ({@code hiddenSize}, {@code layers},
     * {@code kvHeads}, {@code headDim}, {@code contextLength}) or of the T5 ({@code dModel}, {@code dKv},
     * {@code decoderLayers}, {@code decoderStartId}).
     */
    record LanguageModel(String family, Integer vocabSize, Integer hiddenSize, Integer layers, Integer heads,
            Integer kvHeads, Integer headDim, Integer contextLength, Integer dModel, Integer dKv, Integer decoderLayers,
            Integer decoderStartId) {
    }

    /** {@code encoder}: the Alpha-CLIP package the model takes its image tokens from. */
    record Encoder(String name, String manifestSha256, Integer layer, Boolean classToken, Integer tokens, Integer width,
            String imageAspectRatio) {
    }

    /** {@code conversation} (LLaVA): the prompt template. */
    record Conversation(String template, String system, List<String> roles, String separator, String turnSeparator,
            String imageToken) {
    }

    /** {@code tokenizer}: the tokenizer.json, its special ids and how a prompt is framed by them. */
    record Tokenizer(String type, String file, Integer bosId, List<Integer> eosIds, Boolean addBos, Boolean appendEos) {
    }

    /** One entry of {@code graphs}. */
    record Graph(String file, List<String> inputs, List<String> outputs) {
    }
}
