package org.alphaclip.textrepair;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-byte character set as mojibake repair uses it: one character per byte, taken from the JDK's
 * charset. A "sloppy" set fills the bytes its charset leaves undefined with the Latin-1 character of the
 * same number (as web browsers do) and maps byte 0x1A to U+FFFD, the mark of a character already lost.
 */
final class SingleByteCharset {

    static final SingleByteCharset LATIN_1 = new SingleByteCharset("latin-1", "ISO-8859-1", false);
    static final SingleByteCharset SLOPPY_WINDOWS_1252 = new SingleByteCharset("sloppy-windows-1252", "windows-1252", true);

    /** The charsets that UTF-8 text may have been wrongly decoded with, most likely first. */
    static final List<SingleByteCharset> MOJIBAKE_CANDIDATES = List.of(
            LATIN_1,
            SLOPPY_WINDOWS_1252,
            new SingleByteCharset("sloppy-windows-1251", "windows-1251", true),
            new SingleByteCharset("sloppy-windows-1250", "windows-1250", true),
            new SingleByteCharset("sloppy-windows-1253", "windows-1253", true),
            new SingleByteCharset("sloppy-windows-1254", "windows-1254", true),
            new SingleByteCharset("sloppy-windows-1257", "windows-1257", true),
            new SingleByteCharset("iso-8859-2", "ISO-8859-2", false),
            new SingleByteCharset("macroman", "x-MacRoman", false),
            new SingleByteCharset("cp437", "IBM437", false));

    private static final int SUBSTITUTE = 0x1A;

    private final String name;
    private final boolean sloppy;
    private final char[] characters = new char[256];
    private final Map<Character, Byte> bytes = new HashMap<>();

    private SingleByteCharset(String name, String jdkCharset, boolean sloppy) {
        this.name = name;
        this.sloppy = sloppy;
        Charset charset = Charset.forName(jdkCharset);
        for (int b = 0; b < 256; b++) {
            int defined = decodeOne(charset, b);
            characters[b] = (char) (defined >= 0 ? defined : b);
        }
        if (sloppy) {
            characters[SUBSTITUTE] = '\uFFFD';
        }
        for (int b = 255; b >= 0; b--) {
            bytes.put(characters[b], (byte) b);
        }
    }

    /** The byte's character in a charset's strict table, or -1 where the charset leaves it undefined. */
    static int decodeOne(Charset charset, int b) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(new byte[] {(byte) b})).charAt(0);
        } catch (CharacterCodingException e) {
            return -1;
        }
    }

    String name() {
        return name;
    }

    boolean isSloppy() {
        return sloppy;
    }

    /** Whether every character of the text has a byte here. */
    boolean canEncode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!bytes.containsKey(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The text's bytes; only for text that {@link #canEncode} accepts. */
    byte[] encode(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(text.charAt(i));
        }
        return out;
    }

    /** The character of one byte. */
    char decode(int b) {
        return characters[b & 0xFF];
    }

    @Override
    public String toString() {
        return name;
    }
}
