package org.alphaclip.textrepair;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repairs mojibake the way ftfy 6.3's {@code fix_encoding} does: when {@link MojibakeDetector} sees
 * evidence, the text is turned back into the bytes of the single-byte charset it was wrongly decoded
 * with and those bytes are decoded as UTF-8 ({@code cafÃ©} becomes {@code café}), repeating while that
 * changes something. Text that does not decode as a whole has its UTF-8-looking runs repaired one by
 * one; stray C1 control characters become their Windows-1252 meaning.
 */
final class EncodingRepair {

    // Byte patterns run on bytes held one per char (ISO-8859-1), so that java.util.regex can match them.
    /** UTF-8 sequences whose 0xA0 byte was turned into a space. */
    private static final Pattern SPACE_FOR_A0 = Pattern.compile(
            "[\\xC2\\xC3\\xC5\\xCE\\xD0\\xD9] "
                    + "|[\\xE2\\xE3] [\\x80-\\x84\\x86-\\x9F\\xA1-\\xBF]"
                    + "|[\\xE0-\\xE3][\\x80-\\x84\\x86-\\x9F\\xA1-\\xBF] "
                    + "|\\xF0 [\\x80-\\xBF][\\x80-\\xBF]"
                    + "|\\xF0[\\x80-\\xBF] [\\x80-\\xBF]"
                    + "|\\xF0[\\x80-\\xBF][\\x80-\\xBF] ");
    /** "Ã " as a word of its own is "à" followed by a space (except in some Portuguese contractions). */
    private static final Pattern A_GRAVE_WORD = Pattern.compile("\\xC3 (?! |quele|quela|quilo|s )");
    /** UTF-8 sequences with bytes lost to U+FFFD (byte 0x1A in a sloppy charset) or to '?'. */
    private static final Pattern LOSSY_UTF8 = Pattern.compile(
            "[\\xC2-\\xDF]\\x1A"
                    + "|[\\xC2-\\xC3]\\?"
                    + "|\\xED[\\xA0-\\xAF][\\x1A?]\\xED[\\xB0-\\xBF][\\x1A?\\x80-\\xBF]"
                    + "|\\xED[\\xA0-\\xAF][\\x1A?\\x80-\\xBF]\\xED[\\xB0-\\xBF][\\x1A?]"
                    + "|[\\xE0-\\xEF][\\x1A?][\\x1A\\x80-\\xBF]"
                    + "|[\\xE0-\\xEF][\\x1A\\x80-\\xBF][\\x1A?]"
                    + "|[\\xF0-\\xF4][\\x1A?][\\x1A\\x80-\\xBF][\\x1A\\x80-\\xBF]"
                    + "|[\\xF0-\\xF4][\\x1A\\x80-\\xBF][\\x1A?][\\x1A\\x80-\\xBF]"
                    + "|[\\xF0-\\xF4][\\x1A\\x80-\\xBF][\\x1A\\x80-\\xBF][\\x1A?]"
                    + "|\\x1A");
    private static final String REPLACEMENT_UTF8 = "\u00EF\u00BF\u00BD";
    private static final Pattern C1_CONTROL = Pattern.compile("[\\x80-\\x9F]");

    private EncodingRepair() {
    }

    /** Repairs mojibake until nothing changes. */
    static String repair(String text) {
        while (true) {
            String fixed = repairOnce(text);
            if (fixed.equals(text)) {
                return fixed;
            }
            text = fixed;
        }
    }

    /** Replaces C1 control characters with what the same byte means in Windows-1252. */
    static String fixC1Controls(String text) {
        Matcher m = C1_CONTROL.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        do {
            out.setCharAt(m.start(), SingleByteCharset.SLOPPY_WINDOWS_1252.decode(text.charAt(m.start())));
        } while (m.find());
        return out.toString();
    }

    private static String repairOnce(String text) {
        if (isAscii(text) || !MojibakeDetector.looksLikeMojibake(text)) {
            return text;
        }
        List<SingleByteCharset> possible = new ArrayList<>();
        for (SingleByteCharset charset : SingleByteCharset.MOJIBAKE_CANDIDATES) {
            if (!charset.canEncode(text)) {
                continue;
            }
            possible.add(charset);
            String decoded = decodeAsUtf8(charset, charset.encode(text));
            if (decoded != null) {
                return decoded;
            }
        }
        if (MojibakeDetector.utf8Clues().matcher(text).find()) {
            String fixed = repairEmbedded(text);
            if (!fixed.equals(text)) {
                return fixed;
            }
        }
        if (possible.contains(SingleByteCharset.LATIN_1)) {
            // Latin-1 text with C1 controls was meant as Windows-1252; strict, so undefined bytes veto it.
            String windows = decodeWindows1252Strict(text);
            if (windows != null && !windows.equals(text)) {
                return windows;
            }
        }
        return fixC1Controls(text);
    }

    /** The bytes as UTF-8 after ftfy's byte-level touch-ups, or null where they are not UTF-8. */
    private static String decodeAsUtf8(SingleByteCharset charset, byte[] encoded) {
        String bytes = new String(encoded, StandardCharsets.ISO_8859_1);
        if (!charset.name().equals("macroman") && SPACE_FOR_A0.matcher(bytes).find()) {
            bytes = restoreA0(bytes);
        }
        if (charset.isSloppy()) {
            bytes = LOSSY_UTF8.matcher(bytes).replaceAll(REPLACEMENT_UTF8);
        }
        byte[] raw = bytes.getBytes(StandardCharsets.ISO_8859_1);
        boolean variant = bytes.indexOf('\u00ED') >= 0 || bytes.indexOf('\u00C0') >= 0;
        return variant ? Utf8Variants.decode(raw) : decodeUtf8Strict(raw);
    }

    private static String restoreA0(String bytes) {
        String graves = A_GRAVE_WORD.matcher(bytes).replaceAll("\u00C3\u00A0 ");
        Matcher m = SPACE_FOR_A0.matcher(graves);
        StringBuilder out = new StringBuilder(graves.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().replace(' ', '\u00A0')));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Repairs each UTF-8-looking run on its own, when the run is shorter than the text and looks bad. */
    private static String repairEmbedded(String text) {
        Matcher m = MojibakeDetector.utf8Clues().matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String run = m.group();
            boolean fixable = run.length() < text.length() && MojibakeDetector.looksLikeMojibake(run);
            m.appendReplacement(out, Matcher.quoteReplacement(fixable ? repair(run) : run));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decodeWindows1252Strict(String latin1) {
        StringBuilder out = new StringBuilder(latin1.length());
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c >= 0x80 && c <= 0x9F) {
                char windows = SingleByteCharset.SLOPPY_WINDOWS_1252.decode(c);
                if (windows == c) {
                    return null;
                }
                c = windows;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The bytes as UTF-8, or null where they are not valid UTF-8. */
    private static String decodeUtf8Strict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /**
     * UTF-8 as sloppy encoders write it: besides standard UTF-8, {@code C0 80} is U+0000 (Java's modified
     * UTF-8) and a surrogate pair written as two three-byte sequences (CESU-8) is its supplementary
     * character. Anything else that is not UTF-8 fails.
     */
    private static final class Utf8Variants {
        private Utf8Variants() {
        }

        /** The decoded text, or null where the bytes are not even variant UTF-8. */
        static String decode(byte[] bytes) {
            StringBuilder out = new StringBuilder(bytes.length);
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            int i = 0;
            while (i < bytes.length) {
                int special = specialLength(bytes, i);
                if (special == 0) {
                    plain.write(bytes[i]);
                    i++;
                    continue;
                }
                String before = decodeUtf8Strict(plain.toByteArray());
                if (before == null) {
                    return null;
                }
                out.append(before);
                plain.reset();
                if (special == 2) {
                    out.append('\u0000');
                } else {
                    int high = 0xD800 + (((bytes[i + 1] & 0x0F) << 6) | (bytes[i + 2] & 0x3F));
                    int low = 0xDC00 + (((bytes[i + 4] & 0x0F) << 6) | (bytes[i + 5] & 0x3F));
                    out.append((char) high).append((char) low);
                }
                i += special;
            }
            String rest = decodeUtf8Strict(plain.toByteArray());
            return rest == null ? null : out.append(rest).toString();
        }

        /** 2 for {@code C0 80}, 6 for a CESU-8 surrogate pair at i, else 0. */
        private static int specialLength(byte[] b, int i) {
            int first = b[i] & 0xFF;
            if (first == 0xC0 && i + 1 < b.length && (b[i + 1] & 0xFF) == 0x80) {
                return 2;
            }
            if (first == 0xED && i + 5 < b.length
                    && inRange(b[i + 1], 0xA0, 0xAF) && inRange(b[i + 2], 0x80, 0xBF)
                    && (b[i + 3] & 0xFF) == 0xED
                    && inRange(b[i + 4], 0xB0, 0xBF) && inRange(b[i + 5], 0x80, 0xBF)) {
                return 6;
            }
            return 0;
        }

        private static boolean inRange(byte b, int lo, int hi) {
            int v = b & 0xFF;
            return v >= lo && v <= hi;
        }
    }
}
