package org.alphaclip.mllm.internal.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Caption normalisation before scoring, following coco-caption's use of the PTB tokenizer: lower case,
 * punctuation split from words, and the punctuation tokens coco-caption removes dropped. Contractions
 * and other PTB rules are not applied (the synthetic world's captions have none).
 */
public final class CaptionTokens {

    private static final Set<String> DROPPED = Set.of("''", "'", "``", "`", ".", "?", "!", ",", ":", "-", "--",
            "...", ";");

    private CaptionTokens() {
    }

    /** The words of a caption as the scorers see them. */
    public static List<String> of(String caption) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < caption.length(); i++) {
            char c = caption.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
                continue;
            }
            flush(word, words);
            if (!Character.isWhitespace(c)) {
                String punctuation = String.valueOf(c).toLowerCase(Locale.ROOT);
                if (!DROPPED.contains(punctuation)) {
                    words.add(punctuation);
                }
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
