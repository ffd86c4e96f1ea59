package org.alphaclip.diffusion.internal.pkg;

import java.nio.file.Path;

/**
 * The conditioning side of a subject-driven (BLIP-Diffusion) package, as its manifest describes it.
 *
 * @param qformer {@code qformer.onnx}: image tokens, subject ids and mask to query embeddings
 * @param queryTokens the number of query embeddings
 * @param maxSubjectTokens the most subject tokens (with {@code [CLS]} and {@code [SEP]}) the Q-Former has positions for
 * @param qformerTokenizer the Q-Former's WordPiece {@code tokenizer.json}
 * @param cls the id of {@code [CLS]}
 * @param sep the id of {@code [SEP]}
 * @param tokenEmbedding the text encoder's token table graph (ids to embeddings)
 * @param textEncoder the text encoder's transformer graph (embeddings to hidden states)
 * @param maxPositions the text encoder's positions (77 for CLIP)
 * @param contextPosition where the query embeddings go in the prompt's token embeddings (2: after BOS and "a")
 * @param tokenizer the text encoder's CLIP BPE {@code tokenizer.json}
 * @param bos the id of the start token
 * @param eos the id of the end token
 * @param pad the id the prompts are padded with
 * @param repetitions how many times the prompt is repeated by default
 * @param negativePrompt the default negative prompt
 * @param width the width of the query embeddings, the text encoder and the UNet's cross-attention
 */
public record SubjectParts(Path qformer, int queryTokens, int maxSubjectTokens, Path qformerTokenizer, int cls, int sep,
        Path tokenEmbedding, Path textEncoder, int maxPositions, int contextPosition, Path tokenizer, int bos, int eos,
        int pad, int repetitions, String negativePrompt, int width) {

    /** The prompt's token length before the query embeddings are put in. */
    public int promptLength() {
        return maxPositions - queryTokens;
    }
}
