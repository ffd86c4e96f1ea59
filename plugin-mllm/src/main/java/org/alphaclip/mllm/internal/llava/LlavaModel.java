package org.alphaclip.mllm.internal.llava;

import java.util.Arrays;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.Chat;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.MultimodalModel;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.StopReason;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.decode.CachedDecoding;
import org.alphaclip.mllm.internal.decode.DecoderState;
import org.alphaclip.mllm.internal.decode.RecomputingDecoding;
import org.alphaclip.mllm.internal.decode.Search;
import org.alphaclip.mllm.internal.decode.StopRules;
import org.alphaclip.mllm.internal.graph.KvCache;
import org.alphaclip.mllm.internal.graph.ModelParts;
import org.alphaclip.mllm.internal.graph.SequenceTensors;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;
import org.alphaclip.mllm.internal.llama.LlamaDecoder;
import org.alphaclip.mllm.internal.llama.Projector;
import org.alphaclip.mllm.internal.pkg.ImageTokens;
import org.alphaclip.mllm.internal.pkg.LlavaPackage;
import org.alphaclip.mllm.internal.text.LlavaPrompt;
import org.alphaclip.sdk.text.PackageTokenizer;

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
        checkContext(0, length, settings.maxNewTokens());
        try {
            FloatTensor embeddings = promptEmbeddings(prompt, projector.project(imageTokens));
            return Search.of(settings, stopRules(settings)).run(newState(settings.kvCache()), embeddings, listener)
                    .generation(length, start);
        } catch (SessionException e) {
            throw failed(e);
        }
    }

    @Override
    public Chat startChat(FloatTensor imageTokens) throws GenerationException {
        checkImageTokens(imageTokens);
        return new LlavaChat(this, imageTokens);
    }

    /**
     * One turn of a chat: the first turn's prompt holds the image, a later turn continues {@code past} with the
     * previous answer, the turn separator and the new question.
     *
     * @param past the conversation's cache so far, {@code null} before the first turn
     * @param imageTokens the image, read on the first turn
     * @param previous the previous turn's answer, {@code null} before the first turn
     * @return the answer and the cache of the conversation up to the answer
     */
    LlavaChat.Turn chatTurn(KvCache past, FloatTensor imageTokens, Generation previous, String message,
            DecodingSettings settings, TokenListener listener) throws GenerationException {
        return parts.whileOpen(() -> {
            long start = System.nanoTime();
            if (!settings.kvCache()) {
                throw new GenerationException("A chat keeps its key/value cache between turns; decoding without the cache"
                        + " is for single questions");
            }
            try {
                CachedDecoding state;
                FloatTensor embeddings;
                int held;
                int added;
                if (past == null) {
                    LlavaPrompt prompt = prompt(message);
                    held = 0;
                    added = prompt.length(info().imageFeatures().tokens());
                    checkContext(held, added, settings.maxNewTokens());
                    embeddings = promptEmbeddings(prompt, projector.project(imageTokens));
                    state = new CachedDecoding(embedder, decoder);
                } else {
                    int[] ids = continuation(previous, message);
                    held = past.length() + previous.tokens().length; // the previous answer counts as held
                    added = ids.length - previous.tokens().length;
                    checkContext(held, added, settings.maxNewTokens());
                    embeddings = embedder.embed(new int[][] {ids});
                    state = CachedDecoding.after(past, embedder, decoder);
                }
                Generation answer = Search.of(settings, stopRules(settings)).run(state, embeddings, listener)
                        .generation(held + added, start);
                return new LlavaChat.Turn(answer, state.promptCache());
            } catch (SessionException e) {
                throw failed(e);
            }
        });
    }

    /**
     * The ids after the cache of the previous turn: the previous answer as generated, its end token (which the
     * cache does not hold yet) replaced by the template's turn separator, then the next question's turn.
     */
    int[] continuation(Generation previous, String message) throws GenerationException {
        checkOpen();
        int[] answer = previous.tokens();
        int kept = previous.stopReason() == StopReason.END_OF_SEQUENCE ? answer.length - 1 : answer.length;
        int[] separator = tokenizer.encode(llava.conversation().turnSeparator());
        int[] question;
        try {
            question = LlavaPrompt.nextTurn(llava.conversation(), tokenizer, message);
        } catch (IllegalArgumentException e) {
            throw new GenerationException(e.getMessage(), e);
        }
        int[] ids = Arrays.copyOf(answer, kept + separator.length + question.length);
        System.arraycopy(separator, 0, ids, kept, separator.length);
        System.arraycopy(question, 0, ids, kept + separator.length, question.length);
        return ids;
    }

    private StopRules stopRules(DecodingSettings settings) {
        return new StopRules(settings.maxNewTokens(), Arrays.stream(llava.specialTokens().eos()).boxed().toList(),
                settings.stopStrings(), tokenizer);
    }

    /** Refuses a turn whose {@code added} positions after {@code held} ones, and the answer, pass the context. */
    private void checkContext(int held, int added, int maxNewTokens) throws GenerationException {
        int context = llava.decoderShape().contextLength();
        if (held + added + maxNewTokens <= context) {
            return;
        }
        String left = ": ask for at most " + Math.max(0, context - held - added) + " new tokens";
        if (held == 0) {
            throw new GenerationException("The prompt takes " + added + " tokens (" + info().imageFeatures().tokens()
                    + " of them the image) and up to " + maxNewTokens + " new tokens were asked for, but the context of "
                    + info().name() + " holds " + context + left + " or a shorter question");
        }
        throw new GenerationException("The conversation holds " + held + " positions and this turn adds " + added
                + "; with up to " + maxNewTokens + " new tokens it would pass the context of " + info().name() + " ("
                + context + ")" + left + ", a shorter question, or start a new chat");
    }

    private GenerationException failed(SessionException e) {
        return new GenerationException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
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

    /** The package this model was opened from (its files and decoder shape). */
    public LlavaPackage modelPackage() {
        return llava;
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
