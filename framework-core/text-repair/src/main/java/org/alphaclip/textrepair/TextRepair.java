package org.alphaclip.textrepair;

import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Repairs text the way ftfy 6.3's {@code fix_text} does with its default settings, and decodes HTML
 * character references the way Python's {@code html.unescape} does. Both are pure functions of the text.
 *
 * <p>{@link #fixText} fixes each line (with its line break) on its own, applying ftfy's fixes in ftfy's
 * order until the line no longer changes: HTML entities (only complete ones ending in {@code ;}, and only
 * until a line containing {@code <} makes the text look like HTML), mojibake (UTF-8 decoded as Latin-1,
 * Windows-1252 or another single-byte charset, also when it is mixed with correct text), C1 control
 * characters as their Windows-1252 meaning, Latin ligatures split into letters, full- and half-width forms
 * to their usual width, curly quotes to straight ones, line breaks to {@code \n}, lone surrogates to
 * U+FFFD, terminal escapes and invisible control characters removed, and NFC.
 *
 * <pre>{@code
 * TextRepair.fixText("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.")   // "The Mona Lisa doesn't have eyebrows."
 * TextRepair.fixText("&lt;b&gt; “CAFÃ‰”")                            // "<b> \"CAFÉ\""
 * TextRepair.unescapeHtml("&amp;copy &copy2024")                      // "&copy ©2024"
 * }</pre>
 */
public final class TextRepair {

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

    private TextRepair() {
    }

    /** ftfy's {@code fix_text} (see the class description). */
    public static String fixText(String text) {
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

    /**
     * Python's {@code html.unescape}: every character reference decoded under HTML5 rules, including
     * legacy names without a semicolon ({@code &copy2024}) and numeric references to C1 code points, which
     * mean their Windows-1252 characters.
     */
    public static String unescapeHtml(String text) {
        return HtmlEntities.unescape(text);
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
