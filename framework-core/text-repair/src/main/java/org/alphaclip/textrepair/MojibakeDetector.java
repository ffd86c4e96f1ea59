package org.alphaclip.textrepair;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Tells text that is probably mojibake (UTF-8 read as a single-byte charset) from text that is meant
 * as written, the way ftfy 6.3 judges it: a few hundred characters that mojibake produces are sorted
 * into classes (accented capitals, currency signs, box drawing, ...) and certain juxtapositions of
 * those classes count as evidence, for example a lower-case accented letter followed by a currency
 * sign ({@code â€}) or a capital A with tilde followed by a copyright sign ({@code Ã©}).
 */
final class MojibakeDetector {

    // Character classes, as code points and ranges in hex.
    private static final String COMMON = cls("00A0 00AD 00B4 00B7 2013-2015 2019 2026");
    private static final String C1 = cls("0080-009F");
    private static final String BAD = cls("00A4 00A6 00A8 00AA 00AC 00AF 00B8 00BA 0192 02C6-02C7 02D8 02DB-02DC"
            + " 2020-2021 2030 2310 25CA FFFD");
    private static final String LAW = cls("00A7 00B6");
    private static final String CURRENCY = cls("00A2-00A3 00A5 20A7 20AC");
    private static final String START_PUNCT = cls("00A1 00A9 00AB 00BF 0384-0385 2018 201A 201C 201E 2022 2039"
            + " F8FF");
    private static final String END_PUNCT = cls("00AE 00BB 02DD 201D 203A 2122");
    private static final String NUMERIC = cls("00B1-00B3 00B5 00B9 00BC-00BE 00D7 00F7 2044 2116 2202 2206 220F"
            + " 2211 221A 221E 2229 222B 2248 2260-2261 2264-2265");
    private static final String KAOMOJI = cls("00B0 00D2-00D6 00D9-00DC 00F2-00F6 00F8-00FC 014C 0150 016A 0172");
    private static final String UPPER_ACCENTED = cls("00C0-00D1 00D8 00DC-00DD 0100 0102 0104 0106 010C 010E"
            + " 0110 0112 0116 0118 011A 011E 0122 012A 0130 0136 0139 013B 013D 0141 0143 0145 0147 0152"
            + " 0158 015A 015E 0160 0162 0164 016E 0170 0178-0179 017B 017D 0490");
    private static final String LOWER_ACCENTED = cls("00DF-00F1 00FC 0101 0103 0105 0107 010D 010F 0111 0113"
            + " 0117 0119 011B 011F 0123 012B 012F 0137 013A 013C 013E 0142 0153 0155 015B 015F 0161 0165"
            + " 017A 017C 017E 0491 FB01-FB02");
    private static final String UPPER_COMMON = cls("00DE 0386 0388-038A 038C 038E-038F 0391-03AB 0401-042F");
    private static final String LOWER_COMMON = cls("03AC-03C9 0430-045F");
    private static final String BOX = cls("2502 250C 2510 2518 251C 2524 252C 253C 2550-256C 2580 2584 2588"
            + " 258C 2590-2593");

    /** Python's {@code \s} for str patterns (str.isspace). */
    private static final String PY_SPACE = cls("0009-000D 001C-0020 0085 00A0 1680 2000-200A 2028-2029 202F"
            + " 205F 3000");
    private static final String PY_WORD = "[\\p{L}\\p{N}_]";

    private static final Pattern EVIDENCE = Pattern.compile(String.join("|",
            any(C1),
            any(BAD, LOWER_ACCENTED, UPPER_ACCENTED, BOX, START_PUNCT, END_PUNCT, CURRENCY, NUMERIC, LAW) + any(BAD),
            "[a-zA-Z]" + any(LOWER_COMMON, UPPER_COMMON) + any(BAD),
            any(BAD) + any(LOWER_ACCENTED, UPPER_ACCENTED, BOX, START_PUNCT, END_PUNCT, CURRENCY, NUMERIC, LAW),
            any(LOWER_ACCENTED, LOWER_COMMON, BOX, END_PUNCT, CURRENCY, NUMERIC) + any(UPPER_ACCENTED),
            any(BOX, END_PUNCT, CURRENCY, NUMERIC) + any(LOWER_ACCENTED),
            any(LOWER_ACCENTED, BOX, END_PUNCT) + any(CURRENCY),
            any(PY_SPACE) + any(UPPER_ACCENTED) + any(CURRENCY),
            any(UPPER_ACCENTED, BOX) + any(NUMERIC, LAW),
            any(LOWER_ACCENTED, UPPER_ACCENTED, BOX, CURRENCY, END_PUNCT) + any(START_PUNCT) + any(NUMERIC),
            any(LOWER_ACCENTED, UPPER_ACCENTED, CURRENCY, NUMERIC, BOX, LAW) + any(END_PUNCT) + any(START_PUNCT),
            any(CURRENCY, NUMERIC, BOX) + any(START_PUNCT),
            "[a-z]" + any(UPPER_ACCENTED) + any(START_PUNCT, CURRENCY),
            any(BOX) + any(KAOMOJI),
            any(LOWER_ACCENTED, UPPER_ACCENTED, CURRENCY, NUMERIC, START_PUNCT, END_PUNCT, LAW) + any(BOX),
            any(BOX) + any(END_PUNCT),
            any(LOWER_ACCENTED, UPPER_ACCENTED) + any(START_PUNCT, END_PUNCT) + PY_WORD,
            // oe ligature not followed by a plain Latin letter
            "[\\x{0152}\\x{0153}][^A-Za-z]",
            any(UPPER_ACCENTED) + "\\x{00B0}",
            // Windows-1252 two-character sequences of common letters
            any(cls("00C2 00C3 00CE 00D0"))
                    + any(cls("20AC 0153 0160 0161 00A2 00A3 0178 017E 00A0 00AD 00AE 00A9 00B0 00B7 00BB 2013 2014"
                            + " 00B4"), START_PUNCT, END_PUNCT),
            "\\x{00D7}[\\x{00B2}\\x{00B3}]",
            // Windows-1252 Arabic: four characters
            arabicPair() + arabicPair(),
            // Windows-1252 of South Asian scripts
            "\\x{00E0}" + any(cls("00B2 00B5 00B9 00BC-00BE")),
            // MacRoman
            "\\x{221A}" + any(cls("00B1 2202 2020 2260 00AE 2122 00B4 2264 2265 00A5 00B5 00F8")),
            "\\x{2248}[\\x{00B0}\\x{00A2}]",
            "\\x{201A}\\x{00C4}" + any(cls("00EC 00EE 00EF 00F2 00F4 00FA 00F9 00FB 2020 00B0 00A2 03C0")),
            "\\x{201A}[\\x{00E2}\\x{00F3}]" + any(cls("00E0 00E4 00B0 00EA")),
            // Windows-1251
            "\\x{0432}\\x{0402}",
            any(cls("0412 0413 0420 0421"))
                    + any(C1, BAD, START_PUNCT, END_PUNCT, CURRENCY, cls("00B0 00B5"))
                    + any(cls("0412 0413 0420 0421")),
            "\\x{0413}\\x{045E}\\x{0412}\\x{0402}\\x{0412}.[A-Za-z ]",
            // A with grave or acute, and the no-break space, in Windows-1252
            "\\x{00C3}[\\x{00A0}\\x{00A1}]",
            "[a-z]" + any(PY_SPACE) + "?[\\x{00C3}\\x{00C2}] ",
            "^[\\x{00C3}\\x{00C2}] ",
            "[a-z.,?!" + END_PUNCT + "]\\x{00C2}[ " + START_PUNCT + END_PUNCT + "]",
            // Windows-1253
            "\\x{03B2}\\x{20AC}" + any(cls("2122 00A0 0386 00AD 00AE 00B0")),
            any(cls("0392 0393 039E 039F"))
                    + any(C1, BAD, START_PUNCT, END_PUNCT, CURRENCY, cls("00B0"))
                    + any(cls("0392 0393 039E 039F")),
            // Windows-1257
            "\\x{0101}\\x{20AC}"), Pattern.UNIX_LINES);

    /** Charsets whose characters for the bytes of UTF-8 sequences make up the runs below. */
    private static final List<String> CLUE_CHARSETS = List.of(
            "ISO-8859-1", "windows-1252", "windows-1251", "windows-1250", "windows-1253", "windows-1254",
            "windows-1257");
    private static final String LEAD_OF_2 = any(byteCharacters(0xC2, 0xDF));
    private static final String LEAD_OF_3 = any(byteCharacters(0xE0, 0xEF));
    /** F0 (emoji and other supplementary planes) and F3 (tags); the other lead bytes are too rare. */
    private static final String LEAD_OF_4 = any(byteCharacters(0xF0, 0xF0), byteCharacters(0xF3, 0xF3));
    /** A space may stand in for byte A0 (no-break space). */
    private static final String CONTINUATION = any(byteCharacters(0x80, 0xBF), " ");
    /** Continuation characters without the punctuation that often stands for itself next to mojibake. */
    private static final String CONTINUATION_STRICT = "[" + byteCharacters(0x80, 0xBF)
            + "&&[^\\x{2013}-\\x{2015}\\x{2018}-\\x{201A}\\x{201C}-\\x{201E}\\x{2022}\\x{2026}]]";

    private static final Pattern UTF8_CLUES = Pattern.compile("(?<!" + CONTINUATION_STRICT + ")(?:"
            + LEAD_OF_2 + CONTINUATION + "|" + LEAD_OF_3 + CONTINUATION + "{2}|" + LEAD_OF_4 + CONTINUATION
            + "{3})+");

    private MojibakeDetector() {
    }

    /** Whether the text shows evidence of mojibake. */
    static boolean looksLikeMojibake(String text) {
        return EVIDENCE.matcher(text).find();
    }

    /** Runs of characters that look like UTF-8 bytes read as a single-byte charset. */
    static Pattern utf8Clues() {
        return UTF8_CLUES;
    }

    private static String arabicPair() {
        return "[\\x{00D8}\\x{00D9}]" + any(COMMON, CURRENCY, BAD, NUMERIC, START_PUNCT,
                cls("0178 0160 00AE 00B0 00B5 00BB"));
    }

    /** The body of a character class (without brackets) from hex code points and ranges. */
    private static String cls(String spec) {
        StringBuilder body = new StringBuilder();
        for (String item : spec.trim().split(" +")) {
            int dash = item.indexOf('-');
            if (dash < 0) {
                body.append("\\x{").append(item).append('}');
            } else {
                body.append("\\x{").append(item, 0, dash).append("}-\\x{").append(item.substring(dash + 1))
                        .append('}');
            }
        }
        return body.toString();
    }

    /** A character class of the union of class bodies. */
    private static String any(String... bodies) {
        return "[" + String.join("", bodies) + "]";
    }

    /** The class body of what bytes lo..hi decode to in any of the clue charsets. */
    private static String byteCharacters(int lo, int hi) {
        Set<Integer> characters = new TreeSet<>();
        for (String name : CLUE_CHARSETS) {
            Charset charset = Charset.forName(name);
            for (int b = lo; b <= hi; b++) {
                int c = SingleByteCharset.decodeOne(charset, b);
                if (c >= 0) {
                    characters.add(c);
                }
            }
        }
        StringBuilder body = new StringBuilder();
        for (int c : characters) {
            body.append(String.format("\\x{%04X}", c));
        }
        return body.toString();
    }
}
