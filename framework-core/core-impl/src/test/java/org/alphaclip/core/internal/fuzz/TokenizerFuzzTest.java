package org.alphaclip.core.internal.fuzz;

import java.nio.file.Path;

import org.alphaclip.core.internal.text.ClipTokenizer;
import org.alphaclip.core.internal.text.TextCleaner;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary Unicode through the CLIP cleaning and BPE tokenizer: always exactly the context length of
 * ids, starting with the start token, holding the end token; too-long text without truncation refused
 * with a message.
 */
class TokenizerFuzzTest {

    private static ClipTokenizer tokenizer;

    private static synchronized ClipTokenizer tokenizer() throws Exception {
        if (tokenizer == null) {
            tokenizer = ClipTokenizer.open(Path.of("target/test-models/clip-bpe/tokenizer.json"), ClipTokenizer.Settings.clip());
        }
        return tokenizer;
    }

    @FuzzTest(maxDuration = "2m")
    void anyText(FuzzedDataProvider data) throws Exception {
        String text = data.consumeRemainingAsString();
        TextCleaner.clean(text);
        TextCleaner.basic(text);
        int[] ids = tokenizer().encode(text, true);
        if (ids.length != 77 || ids[0] != 49406) {
            throw new AssertionError("bad token row for " + text);
        }
        boolean hasEnd = false;
        for (int id : ids) {
            if (id < 0 || id >= 49408) {
                throw new AssertionError("id out of the vocabulary: " + id);
            }
            hasEnd |= id == 49407;
        }
        if (!hasEnd) {
            throw new AssertionError("no end token for " + text);
        }
        try {
            tokenizer().encode(text, false);
        } catch (IllegalArgumentException tooLong) {
            if (!tooLong.getMessage().contains("context length")) {
                throw new AssertionError("unclear refusal: " + tooLong.getMessage());
            }
        }
    }
}
