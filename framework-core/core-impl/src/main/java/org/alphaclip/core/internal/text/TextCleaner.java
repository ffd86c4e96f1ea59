package org.alphaclip.core.internal.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cleans text the way OpenAI CLIP's tokenizer does before BPE: the repairs of ftfy 6.3's
 * {@code fix_text} (mojibake, HTML entities when the text has no {@code <}, C1 controls, Latin
 * ligatures, full- and half-width forms, curly quotes, line breaks, lone surrogates, terminal escapes,
 * invisible controls, NFC), then HTML unescaping twice, whitespace runs collapsed to one space, trimmed,
 * lower-cased.
 *
 * <pre>{@code
 * TextCleaner.clean("  A &amp;amp; “CAFÃ©”  ")   // "a & \"café\""
 * }</pre>
 */
public final class TextCleaner {

    /** Unicode White_Space, what CLIP's regex module and Python's str.strip treat as whitespace here. */
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\p{IsWhite_Space}+");
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001B\\[[\\p{Nd};]*[a-zA-Z]");
    private static final Pattern SINGLE_CURLY_QUOTE = Pattern.compile("[\u02BC\u2018-\u201B]");
    private static final Pattern DOUBLE_CURLY_QUOTE = Pattern.compile("[\u201C-\u201F]");
    private static final Pattern INVISIBLE_CONTROL =
            Pattern.compile("[\\x00-\\x08\\x0B\\x0E-\\x1F\\x7F\u206A-\u206F\uFEFF\uFFF9-\uFFFC]");

    /** Ligatures of Latin letters and legacy digraphs, split into their letters. */
    private static final Map<Character, String> LATIN_LIGATURES = Map.ofEntries(
            Map.entry('\u0132', "IJ"), Map.entry('\u0133', "ij"), Map.entry('\u0149', "\u02BCn"),
            Map.entry('\u01F1', "DZ"), Map.entry('\u01F2', "Dz"), Map.entry('\u01F3', "dz"),
            Map.entry('\u01C4', "D\u017D"), Map.entry('\u01C5', "D\u017E"), Map.entry('\u01C6', "d\u017E"),
            Map.entry('\u01C7', "LJ"), Map.entry('\u01C8', "Lj"), Map.entry('\u01C9', "lj"),
            Map.entry('\u01CA', "NJ"), Map.entry('\u01CB', "Nj"), Map.entry('\u01CC', "nj"),
            Map.entry('\uFB00', "ff"), Map.entry('\uFB01', "fi"), Map.entry('\uFB02', "fl"),
            Map.entry('\uFB03', "ffi"), Map.entry('\uFB04', "ffl"), Map.entry('\uFB05', "\u017Ft"),
            Map.entry('\uFB06', "st"));

    private TextCleaner() {
    }

    /** CLIP's cleaning (see the class description). */
    public static String clean(String text) {
        String fixed = HtmlEntities.unescape(HtmlEntities.unescape(fixText(text)));
        return collapseWhitespace(fixed).toLowerCase(Locale.ROOT);
    }

    /** Light cleaning for small word-level vocabularies: NFC, whitespace collapsed and trimmed, lower case. */
    public static String basic(String text) {
        return collapseWhitespace(Normalizer.normalize(text, Normalizer.Form.NFC)).toLowerCase(Locale.ROOT);
    }

    private static String collapseWhitespace(String text) {
        return WHITESPACE_RUN.matcher(text).replaceAll(" ").strip();
    }

    /**
     * ftfy's fix_text: each line (with its line break) is fixed on its own; once a line contains
     * {@code <}, the text is taken for HTML and entities are left alone from there on.
     */
    private static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            String line = text.substring(start, end);
            unescapeHtml &= line.indexOf('<') < 0;
            out.append(fixLine(line, unescapeHtml));
            start = end;
        }
        return out.toString();
    }

    /** Applies ftfy's fixes in its order until the line no longer changes. */
    private static String fixLine(String line, boolean unescapeHtml) {
        while (true) {
            String before = line;
            if (unescapeHtml) {
                line = HtmlEntities.unescapeStrict(line);
            }
            line = EncodingRepair.repair(line);
            line = EncodingRepair.fixC1Controls(line);
            line = splitLatinLigatures(line);
            line = standardWidth(line);
            line = SINGLE_CURLY_QUOTE.matcher(DOUBLE_CURLY_QUOTE.matcher(line).replaceAll("\"")).replaceAll("'");
            line = unixLineBreaks(line);
            line = replaceLoneSurrogates(line);
            line = TERMINAL_ESCAPE.matcher(line).replaceAll("");
            line = INVISIBLE_CONTROL.matcher(line).replaceAll("");
            line = Normalizer.normalize(line, Normalizer.Form.NFC);
            if (line.equals(before)) {
                return line;
            }
        }
    }

    private static String splitLatinLigatures(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String letters = LATIN_LIGATURES.get(text.charAt(i));
            if (letters != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                out.append(letters != null ? letters : String.valueOf(text.charAt(i)));
            }
        }
        return out == null ? text : out.toString();
    }

    /** Full-width ASCII and half-width Katakana/Hangul to their usual forms; the ideographic space to a space. */
    private static String standardWidth(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String standard = c == '\u3000' ? " "
                    : c >= '\uFF01' && c <= '\uFFEF' ? Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC)
                    : null;
            if (standard != null && standard.equals(String.valueOf(c))) {
                standard = null;
            }
            if (standard != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(standard != null ? standard : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static String unixLineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    /** Surrogate pairs are already characters in Java; a surrogate on its own becomes U+FFFD. */
    private static String replaceLoneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean lone = Character.isSurrogate(c);
            if (lone && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
