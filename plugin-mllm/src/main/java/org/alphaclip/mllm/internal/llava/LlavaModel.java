package org.alphaclip.mllm.internal.llava;

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
import org.alphaclip.mllm.internal.graph.ModelParts;
import org.alphaclip.mllm.internal.graph.SequenceTensors;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;
import org.alphaclip.mllm.internal.llama.LlamaDecoder;
import org.alphaclip.mllm.internal.llama.Projector;
import org.alphaclip.mllm.internal.pkg.ImageTokens;
import org.alphaclip.mllm.internal.pkg.LlavaPackage;
import org.alphaclip.mllm.internal.text.LlavaPrompt;
import org.alphaclip.mllm.internal.text.PackageTokenizer;

/**
 * A LLaVA-1.5 package on the shared sessions. {@link #generate} writes the steps out: the prompt's token layout,
 * the image tokens through the projector, the token embeddings of both prompt sides with the image spliced between
 * them, then the search over a decoder state (a key/value cache, or the sequence recomputed every step).
 *
 * <pre>{@code
 * try (LlavaModel llava = LlavaModel.open((LlavaPackage) PackageReader.read(folder), sessions)) {
 *     Generation g = llava.generate(patchTokens, "What is it?", DecodingSettings.greedy(16), TokenListener.NONE);
 * }
 * }</pre>
 */
public final class LlavaModel implements MultimodalModel {

    private final LlavaPackage llava;
    private final ModelParts parts;
    private final PackageTokenizer tokenizer;
    private final Projector projector;
    private final TokenEmbedder embedder;
    private final LlamaDecoder decoder;

    private LlavaModel(LlavaPackage llava, ModelParts parts, PackageTokenizer tokenizer, Projector projector,
            TokenEmbedder embedder, LlamaDecoder decoder) {
        this.llava = llava;
        this.parts = parts;
        this.tokenizer = tokenizer;
        this.projector = projector;
        this.embedder = embedder;
        this.decoder = decoder;
    }

    /**
     * Loads a verified package's graphs and tokenizer.
     *
     * @throws InvalidModelException naming the file that cannot be loaded or does not have the expected inputs and
     *         outputs (a decoder without cache inputs among them)
     */
    public static LlavaModel open(LlavaPackage llava, InferenceSessions sessions) throws InvalidModelException {
        return ModelParts.open(llava.info(), parts -> {
            PackageTokenizer tokenizer = parts.add(PackageTokenizer.open(llava.tokenizer()));
            Projector projector = parts.add(Projector.open(sessions, llava.projector(),
                    llava.info().imageFeatures().width()));
            TokenEmbedder embedder = parts.add(TokenEmbedder.open(sessions, llava.embedding()));
            LlamaDecoder decoder = parts.add(LlamaDecoder.open(sessions, llava.decoder(), llava.decoderShape()));
            return new LlavaModel(llava, parts, tokenizer, projector, embedder, decoder);
        });
    }

    @Override
    public MultimodalPackageInfo info() {
        return llava.info();
    }

    @Override
    public Generation generate(FloatTensor imageTokens, String question, DecodingSettings settings, TokenListener listener)
            throws GenerationException {
        return parts.whileOpen(() -> generateOpen(imageTokens, question, settings, listener));
    }

    private Generation generateOpen(FloatTensor imageTokens, String question, DecodingSettings settings,
            TokenListener listener) throws GenerationException {
        long start = System.nanoTime();
        LlavaPrompt prompt = prompt(question);
        checkImageTokens(imageTokens);
        int length = prompt.length(info().imageFeatures().tokens());
        int context = llava.decoderShape().contextLength();
        if (length + settings.maxNewTokens() > context) {
            throw new GenerationException("The prompt takes " + length + " tokens (" + info().imageFeatures().tokens()
                    + " of them the image) and up to " + settings.maxNewTokens() + " new tokens were asked for, but the context of "
                    + info().name() + " holds " + context + ": ask for at most " + Math.max(0, context - length)
                    + " new tokens or a shorter question");
        }
        try {
            FloatTensor embeddings = promptEmbeddings(prompt, projector.project(imageTokens));
            StopRules rules = new StopRules(settings.maxNewTokens(),
                    Arrays.stream(llava.specialTokens().eos()).boxed().toList(), settings.stopStrings(), tokenizer);
            return Search.of(settings, rules).run(newState(settings.kvCache()), embeddings, listener).generation(length, start);
        } catch (SessionException e) {
            throw new GenerationException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The prompt of a question: the conversation template's text and its token layout.
     *
     * @throws GenerationException when the question is empty or holds the image placeholder
     */
    public LlavaPrompt prompt(String question) throws GenerationException {
        checkOpen();
        try {
            return LlavaPrompt.build(llava.conversation(), tokenizer, llava.specialTokens(), question);
        } catch (IllegalArgumentException e) {
            throw new GenerationException(e.getMessage(), e);
        }
    }

    /** The image tokens through the projector, {@code [1, tokens, hidden]}. */
    public FloatTensor project(FloatTensor imageTokens) throws GenerationException, SessionException {
        checkImageTokens(imageTokens);
        return projector.project(imageTokens);
    }

    /** The prompt's embeddings with the projected image spliced in at the placeholder, {@code [1, positions, hidden]}. */
    public FloatTensor promptEmbeddings(LlavaPrompt prompt, FloatTensor projectedImage) throws SessionException {
        checkOpen();
        return SequenceTensors.concat(embedder.embed(new int[][] {prompt.before()}), projectedImage,
                embedder.embed(new int[][] {prompt.after()}));
    }

    /** A fresh decoder state: with a key/value cache, or recomputing the sequence every step. */
    public DecoderState newState(boolean kvCache) {
        checkOpen();
        return kvCache ? new CachedDecoding(embedder, decoder) : new RecomputingDecoding(embedder, decoder);
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
