package org.alphaclip.mllm.internal.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.mllm.Chat;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.Generation;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.TokenListener;
import org.alphaclip.mllm.internal.decode.Search;
import org.alphaclip.mllm.internal.decode.StopRules;
import org.alphaclip.mllm.internal.graph.SequenceTensors;
import org.alphaclip.mllm.internal.graph.TokenEmbedder;
import org.alphaclip.mllm.internal.pkg.LlavaPackage;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.alphaclip.sdk.text.PackageTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat on the first exported fixture package: its first turn is the single question's answer, and a later turn
 * through the kept cache gives the tokens of the whole conversation recomputed from scratch without a cache.
 */
class LlavaChatTest {

    private static StandaloneSessions sessions;
    private static LlavaReference set;
    private static LlavaPackage llava;
    private static LlavaModel model;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.cpu(2);
        set = LlavaReference.all().get(0);
        llava = (LlavaPackage) PackageReader.read(set.exportedPackage(""));
        model = LlavaModel.open(llava, sessions);
    }

    @AfterAll
    static void close() {
        model.close();
        sessions.close();
    }

    @Test
    void aLaterTurnThroughTheCacheEqualsTheConversationRecomputed() throws Exception {
        DecodingSettings greedy = DecodingSettings.greedy(6);
        FloatTensor image = set.imageTokens();
        Chat chat = model.startChat(image);
        Generation first = chat.reply(set.string("question"), greedy, TokenListener.NONE);
        assertArrayEquals(model.generate(image, set.string("question"), greedy, TokenListener.NONE).tokens(), first.tokens());
        assertEquals(first.promptTokens() + first.tokens().length, chat.positions());

        Generation second = chat.reply("And what else?", greedy, TokenListener.NONE);
        int[] continuation = model.continuation(first, "And what else?");
        assertEquals(first.promptTokens() + continuation.length, second.promptTokens(),
                "the cache holds the first prompt; the turn adds the answer, the separator and the question");
        try (TokenEmbedder embedder = TokenEmbedder.open(sessions, llava.embedding());
                PackageTokenizer tokenizer = PackageTokenizer.open(llava.tokenizer())) {
            FloatTensor whole = SequenceTensors.concat(model.promptEmbeddings(model.prompt(set.string("question")),
                    model.project(image)), embedder.embed(new int[][] {continuation}));
            int[] recomputed = Search.of(greedy, new StopRules(6, Arrays.stream(llava.specialTokens().eos()).boxed().toList(), List.of(), tokenizer))
                    .run(model.newState(false), whole, TokenListener.NONE).tokens();
            assertArrayEquals(recomputed, second.tokens());
        }
        assertEquals(second.promptTokens() + second.tokens().length, chat.positions());
    }

    @Test
    void aTurnPastTheContextIsRefusedAndTheChatGoesOn() throws Exception {
        Chat chat = model.startChat(set.imageTokens());
        chat.reply(set.string("question"), DecodingSettings.greedy(3), TokenListener.NONE);
        int held = chat.positions();
        GenerationException e = assertThrows(GenerationException.class, () -> chat.reply("Why?",
                DecodingSettings.greedy(model.info().contextLength()), TokenListener.NONE));
        assertTrue(e.getMessage().startsWith("The conversation holds " + held + " positions and this turn adds "), e.getMessage());
        assertTrue(e.getMessage().endsWith(", a shorter question, or start a new chat"), e.getMessage());
        assertEquals(held, chat.positions());
        assertTrue(chat.reply("Why?", DecodingSettings.greedy(2), TokenListener.NONE).tokens().length > 0);
        assertThrows(GenerationException.class, () -> chat.reply(" ", DecodingSettings.greedy(2), TokenListener.NONE));
        assertThrows(GenerationException.class,
                () -> chat.reply("Why?", DecodingSettings.greedy(2).withKvCache(false), TokenListener.NONE));
    }
}
