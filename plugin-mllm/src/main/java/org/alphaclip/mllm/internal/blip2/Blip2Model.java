package org.alphaclip.mllm.internal.blip2;

import java.util.Arrays;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.decode.CachedDecoding;
import org.alphaclip.mllm.internal.decode.DecoderState;
import org.alphaclip.mllm.internal.decode.RecomputingDecoding;
import org.alphaclip.mllm.internal.decode.Search;
import org.alphaclip.mllm.internal.decode.StopRules;
import org.alphaclip.mllm.internal.graph.CachingDecoder;
import org.alphaclip.mllm.internal.graph.ModelParts;
import org.alphaclip.mllm.internal.graph.SequenceTensors;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;
import org.alphaclip.mllm.internal.pkg.Blip2Package;
import org.alphaclip.mllm.internal.pkg.ImageTokens;
import org.alphaclip.sdk.text.PackageTokenizer;

/**
 * A BLIP-2 package (Q-Former and T5) on the shared sessions. {@link #generate} writes the steps out: the prompt's
 * ids ending with {@code </s>}, the image tokens through the Q-Former to the T5's input queries, the T5 encoder over
 * the queries and the prompt's embeddings, the cross-attention keys and values of its output, then the search over
 * a decoder state that starts from the decoder start id (a key/value cache, or the sequence recomputed every step).
 *
 * <pre>{@code
 * try (Blip2Model blip2 = Blip2Model.open((Blip2Package) PackageReader.read(folder), sessions)) {
 *     Generation g = blip2.generate(allTokens, "a photo of", DecodingSettings.greedy(16), TokenListener.NONE);
 * }
 * }</pre>
 */
public final class Blip2Model implements MultimodalModel {

    private final Blip2Package blip2;
    private final ModelParts parts;
    private final PackageTokenizer tokenizer;
    private final QueryTransformer qformer;
    private final TokenEmbedder embedder;
    private final T5Encoder encoder;
    private final CrossKeyValues crossKeyValues;
    private final T5Decoder decoder;

    private Blip2Model(Blip2Package blip2, ModelParts parts, PackageTokenizer tokenizer, QueryTransformer qformer,
            TokenEmbedder embedder, T5Encoder encoder, CrossKeyValues crossKeyValues, T5Decoder decoder) {
        this.blip2 = blip2;
        this.parts = parts;
        this.tokenizer = tokenizer;
        this.qformer = qformer;
        this.embedder = embedder;
        this.encoder = encoder;
        this.crossKeyValues = crossKeyValues;
        this.decoder = decoder;
    }

    /**
     * Loads a verified package's graphs and tokenizer.
     *
     * @throws InvalidModelException naming the file that cannot be loaded or does not have the expected inputs and
     *         outputs (a decoder without cache inputs among them)
     */
    public static Blip2Model open(Blip2Package blip2, InferenceSessions sessions) throws InvalidModelException {
        return ModelParts.open(blip2.info(), parts -> {
            PackageTokenizer tokenizer = parts.add(PackageTokenizer.open(blip2.tokenizer()));
            QueryTransformer qformer = parts.add(QueryTransformer.open(sessions, blip2.qformer()));
            TokenEmbedder embedder = parts.add(TokenEmbedder.open(sessions, blip2.embedding()));
            T5Encoder encoder = parts.add(T5Encoder.open(sessions, blip2.encoder()));
            CrossKeyValues crossKeyValues = parts.add(CrossKeyValues.open(sessions, blip2.crossKeyValues(),
                    blip2.decoderCache().layers()));
            T5Decoder decoder = parts.add(T5Decoder.open(sessions, blip2.decoder(), blip2.decoderCache(),
                    blip2.info().vocabSize()));
            return new Blip2Model(blip2, parts, tokenizer, qformer, embedder, encoder, crossKeyValues, decoder);
        });
    }

    @Override
    public MultimodalPackageInfo info() {
        return blip2.info();
    }

    /**
     * Generates the text that follows a prompt about an image.
     *
     * @param imageTokens the encoder's penultimate hidden states, class token included, {@code [1, tokens, width]}
     * @param prompt the prompt as given, e.g. {@code "Question: what is in the region? Answer:"}; empty for a plain
     *        caption
     */
    @Override
    public Generation generate(FloatTensor imageTokens, String prompt, DecodingSettings settings, TokenListener listener)
            throws GenerationException {
        return parts.whileOpen(() -> generateOpen(imageTokens, prompt, settings, listener));
    }

    private Generation generateOpen(FloatTensor imageTokens, String prompt, DecodingSettings settings,
            TokenListener listener) throws GenerationException {
        long start = System.nanoTime();
        int[] promptIds = promptIds(prompt);
        checkImageTokens(imageTokens);
        int length = blip2.queryTokens() + promptIds.length;
        int context = info().contextLength();
        if (length > context) {
            throw new GenerationException("The prompt takes " + length + " tokens (" + blip2.queryTokens()
                    + " of them the image queries), but the T5 encoder of " + info().name() + " takes at most " + context
                    + ": shorten the prompt by " + (length - context) + " tokens");
        }
        if (settings.maxNewTokens() > context) {
            throw new GenerationException(settings.maxNewTokens() + " new tokens were asked for, but the T5 decoder of "
                    + info().name() + " decodes at most " + context);
        }
        try {
            FloatTensor queries = qformer.run(imageTokens).languageModelInputs();
            FloatTensor encoderOutput = encode(queries, promptIds);
            DecoderState state = newState(settings.kvCache(), encoderOutput);
            StopRules rules = new StopRules(settings.maxNewTokens(), blip2.eosIds(), settings.stopStrings(), tokenizer);
            return Search.of(settings, rules).run(state, decoderStart(), listener).generation(length, start);
        } catch (SessionException e) {
            throw new GenerationException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The ids of a prompt: the prompt as given, without special tokens, then the first end id ({@code </s>}); no BOS.
     *
     * @throws GenerationException when the prompt is missing
     */
    public int[] promptIds(String prompt) throws GenerationException {
        checkOpen();
        if (prompt == null) {
            throw new GenerationException("The prompt is missing; give an empty prompt for a plain caption");
        }
        int[] text = tokenizer.encode(prompt);
        int[] ids = Arrays.copyOf(text, text.length + 1);
        ids[text.length] = blip2.eosIds().get(0);
        return ids;
    }

    /** The image tokens through {@code ln_vision}, the Q-Former and the projection. */
    public QueryTransformer.Stages image(FloatTensor imageTokens) throws GenerationException, SessionException {
        checkImageTokens(imageTokens);
        return qformer.run(imageTokens);
    }

    /** The T5 encoder's last hidden state over the input queries followed by the prompt's embeddings. */
    public FloatTensor encode(FloatTensor queries, int[] promptIds) throws SessionException {
        checkOpen();
        return encoder.encode(SequenceTensors.concat(queries, embedder.embed(new int[][] {promptIds})));
    }

    /** The decoder's first input: the embedding of the decoder start id, {@code [1, 1, d_model]}. */
    public FloatTensor decoderStart() throws SessionException {
        checkOpen();
        return embedder.embed(new int[][] {{blip2.decoderStartId()}});
    }

    /**
     * A fresh decoder state attending to one encoder output: with a key/value cache, or recomputing the sequence
     * every step. Its {@link DecoderState#start} takes {@link #decoderStart()}.
     */
    public DecoderState newState(boolean kvCache, FloatTensor encoderOutput) throws SessionException {
        checkOpen();
        CachingDecoder attending = decoder.attending(crossKeyValues.compute(encoderOutput));
        return kvCache ? new CachedDecoding(embedder, attending) : new RecomputingDecoding(embedder, attending);
    }

    private void checkImageTokens(FloatTensor imageTokens) throws GenerationException {
        checkOpen();
        ImageTokens.check(info(), imageTokens);
    }

    private void checkOpen() {
        parts.checkOpen();
    }

    /** Releases the graphs and the tokenizer once the generations in flight are done. Idempotent. */
    @Override
    public void close() {
        parts.close();
    }
}
