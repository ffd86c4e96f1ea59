package org.alphaclip.core.internal.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.alphaclip.core.internal.text.ClipTokenizer.Settings;
import org.alphaclip.core.internal.text.ReferenceFixtures.TokenizerString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTokenizerTest {

    private static final List<TokenizerString> STRINGS = ReferenceFixtures.tokenizerStrings();
    private static ClipTokenizer clip;

    @BeforeAll
    static void openClipTokenizer() throws IOException {
        // Without this DJL may look for a CUDA build of its native library online and phones home.
        System.setProperty("ai.djl.offline", "true");
        clip = ClipTokenizer.open(ReferenceFixtures.CLIP_TOKENIZER_JSON, Settings.clip());
    }

    @AfterAll
    static void closeClipTokenizer() {
        clip.close();
    }

    @Test
    void tokenRowsEqualTheOfficialWithTruncation() {
        List<String> texts = STRINGS.stream().map(TokenizerString::text).collect(Collectors.toList());
        int[][] official = ReferenceFixtures.intArray("token_ids");
        int[][] ours = clip.encodeBatch(texts, true);
        assertEquals(official.length, ours.length);
        for (int i = 0; i < official.length; i++) {
            assertArrayEquals(official[i], ours[i], texts.get(i));
        }
    }

    @Test
    void promptRowsEqualTheOfficial() {
        List<String> prompts = ReferenceFixtures.prompts();
        int[][] official = ReferenceFixtures.intArray("prompt_token_ids");
        for (int i = 0; i < official.length; i++) {
            assertArrayEquals(official[i], clip.encode(prompts.get(i), false), prompts.get(i));
        }
    }

    @Test
    void piecesAreTheOfficialBpePieces() {
        for (TokenizerString s : STRINGS) {
            List<String> pieces = clip.pieces(s.text());
            assertEquals(s.bpeCount(), pieces.size(), s.text());
            // facts.json lists at most the pieces that fit the context
            assertEquals(s.bpe(), pieces.subList(0, s.bpe().size()), s.text());
        }
    }

    @Test
    void tooLongTextIsAnErrorWithoutTruncation() {
        int[][] official = ReferenceFixtures.intArray("token_ids");
        for (int i = 0; i < STRINGS.size(); i++) {
            TokenizerString s = STRINGS.get(i);
            if (!s.tooLong()) {
                assertArrayEquals(official[i], clip.encode(s.text(), false), s.text());
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> clip.encode(s.text(), false));
            assertTrue(e.getMessage().contains("has " + (s.bpeCount() + 2) + " tokens, more than the context length 77"),
                    e.getMessage());
        }
    }

    @Test
    void errorMessageQuotesTheShortenedText() {
        String text = "word ".repeat(100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clip.encode(text, false));
        assertEquals("Text '" + "word ".repeat(8).strip() + "\u2026' has 102 tokens, more than the context length 77; "
                + "use --truncate", e.getMessage());
    }

    @Test
    void specialTokensCountOnlyWhereClipsPatternSeesThem() {
        // expected: the official tokenizer; a special token glued to symbols is plain text there
        assertTokens("!<|endoftext|>", 49406, 0, 27, 347, 40786, 4160, 91, 285, 49407);
        assertTokens("(<|startoftext|>)", 49406, 7, 27, 347, 993, 6659, 4160, 91, 29, 264, 49407);
        assertTokens("a<|endoftext|>b", 49406, 320, 49407, 321, 49407);
        assertTokens("<|ENDOFTEXT|> x", 49406, 49407, 343, 49407);
    }

    @Test
    void closedTokenizerFailsFast() throws IOException {
        ClipTokenizer tokenizer = ClipTokenizer.open(ReferenceFixtures.CLIP_TOKENIZER_JSON, Settings.clip());
        tokenizer.close();
        tokenizer.close();
        assertThrows(IllegalStateException.class, () -> tokenizer.encode("a cat", true));
        assertThrows(IllegalStateException.class, () -> tokenizer.pieces("a cat"));
    }

    @Test
    void wordLevelTokenizerUsesTheSameFraming() throws Exception {
        Settings settings = new Settings(8, "[START]", "[END]", TextCleaning.BASIC);
        try (ClipTokenizer words = ClipTokenizer.open(wordLevelJson(), settings)) {
            assertArrayEquals(new int[] {2, 4, 5, 6, 4, 7, 10, 3}, words.encode("  A photo of a  CAT.", false));
            assertArrayEquals(new int[] {2, 4, 8, 3, 0, 0, 0, 0}, words.encode("a dog", false));
            assertArrayEquals(new int[] {2, 9, 1, 3, 0, 0, 0, 0}, words.encode("Cafe\u0301 zebra", false));
            assertEquals(List.of("a", "[UNK]"), words.pieces("a zebra"));
            assertThrows(IllegalArgumentException.class, () -> words.encode("a photo of a dog . a", false));
            assertArrayEquals(new int[] {2, 4, 5, 6, 4, 8, 10, 3}, words.encode("a photo of a dog . a cat", true));
        }
    }

    @Test
    void startAndEndMustBeSingleTokens() throws Exception {
        Settings settings = new Settings(8, "<s>", "[END]", TextCleaning.BASIC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipTokenizer.open(wordLevelJson(), settings));
        assertTrue(e.getMessage().startsWith("Start token '<s>' is 3 tokens"), e.getMessage());
    }

    @Test
    void invalidTokenizerFileIsAnIoError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {}}");
        IOException e = assertThrows(IOException.class, () -> ClipTokenizer.open(file, Settings.clip()));
        assertTrue(e.getMessage().startsWith("Invalid tokenizer file " + file), e.getMessage());
        assertThrows(IOException.class, () -> ClipTokenizer.open(dir.resolve("missing.json"), Settings.clip()));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Settings(1, "a", "b", TextCleaning.CLIP));
        assertThrows(IllegalArgumentException.class, () -> new Settings(77, "", "b", TextCleaning.CLIP));
        assertEquals(TextCleaning.BASIC, TextCleaning.fromName("Basic"));
        assertThrows(IllegalArgumentException.class, () -> TextCleaning.fromName("ftfy"));
    }

    private static void assertTokens(String text, int... expected) {
        int[] row = clip.encode(text, false);
        int[] padded = Arrays.copyOf(expected, 77);
        assertArrayEquals(padded, row, text);
    }

    private static Path wordLevelJson() throws URISyntaxException {
        return Path.of(ClipTokenizerTest.class.getResource("word-level/tokenizer.json").toURI());
    }
}
