package org.alphaclip.core.internal.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import org.alphaclip.textrepair.TextRepair;

/**
 * Cleans text the way OpenAI CLIP's tokenizer does before BPE: ftfy's {@code fix_text}
 * ({@link TextRepair#fixText}), then HTML unescaping twice, whitespace runs collapsed to one space,
 * trimmed, lower-cased.
 *
 * <pre>{@code
 * TextCleaner.clean("  A &amp;amp; “CAFÃ©”  ")   // "a & \"café\""
 * }</pre>
 */
public final class TextCleaner {

    /** Unicode White_Space, what CLIP's regex module and Python's str.strip treat as whitespace here. */
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\p{IsWhite_Space}+");

    private TextCleaner() {
    }

    /** CLIP's cleaning (see the class description). */
    public static String clean(String text) {
        String fixed = TextRepair.unescapeHtml(TextRepair.unescapeHtml(TextRepair.fixText(text)));
        return collapseWhitespace(fixed).toLowerCase(Locale.ROOT);
    }

    /** Light cleaning for small word-level vocabularies: NFC, whitespace collapsed and trimmed, lower case. */
    public static String basic(String text) {
        return collapseWhitespace(Normalizer.normalize(text, Normalizer.Form.NFC)).toLowerCase(Locale.ROOT);
    }

    private static String collapseWhitespace(String text) {
        return WHITESPACE_RUN.matcher(text).replaceAll(" ").strip();
    }
}
