package org.alphaclip.textrepair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextRepairTest {

    /** Expected values from ftfy 6.3.1's fix_text with its default settings. */
    static Stream<Arguments> repairs() {
        return Stream.of(
                Arguments.of("na\u00C3\u00AFve caf\u00C3\u00A9 r\u00C3\u00A9sum\u00C3\u00A9", "na\u00EFve caf\u00E9 r\u00E9sum\u00E9"),
                Arguments.of("\u00C3\u2026ngstr\u00C3\u00B6m", "\u00C5ngstr\u00F6m"),
                Arguments.of("The Mona Lisa doesn\u00C3\u00A2\u00E2\u201A\u00AC\u00E2\u201E\u00A2t have eyebrows.", "The Mona Lisa doesn't have eyebrows."),
                Arguments.of("\u00E2\u20AC\u0153quoted\u00E2\u20AC\uFFFD", "\"quoted\uFFFD"),
                Arguments.of("\u00C3 la mode", "\u00E0 la mode"),
                Arguments.of("caf\u00E9 and \u00C3\u00A9t\u00C3\u00A9", "caf\u00E9 and \u00E9t\u00E9"),
                Arguments.of("P&EACUTE;REZ", "P\u00C9REZ"),
                Arguments.of("&lt;b&gt; &amp;amp;amp;", "<b> &"),
                Arguments.of("<b>&amp;amp;amp;</b>", "<b>&amp;amp;amp;</b>"),
                Arguments.of("x\u0085y", "x\u2026y"),
                Arguments.of("\u0130stanbul", "\u0130stanbul"),
                Arguments.of("\u039F\u0394\u039F\u03A3 \u03A3\u0391\u03A3", "\u039F\u0394\u039F\u03A3 \u03A3\u0391\u03A3"),
                Arguments.of("\uFF80\uFF70\uFF9D", "\u30BF\u30FC\u30F3"),
                Arguments.of("x\u00B2 \u00BD \u2122", "x\u00B2 \u00BD \u2122"),
                Arguments.of("\u001B[36mblue\u001B[0m", "blue"),
                Arguments.of("\uFEFFbom a\u00ADb", "bom a\u00ADb"),
                Arguments.of("&#x1F600; &#128512; &#0; &#x110000; &#128;", "\uD83D\uDE00 \uD83D\uDE00 \uFFFD \uFFFD \u20AC"),
                Arguments.of("&ampx &notit; &copy2024", "&ampx &notit; &copy2024"),
                Arguments.of("one\u2028two", "one\ntwo"),
                Arguments.of("\u00D0\u00BF\u00D1\u20AC\u00D0\u00B8\u00D0\u00B2\u00D0\u00B5\u00D1\u201A", "\u043F\u0440\u0438\u0432\u0435\u0442"),
                Arguments.of("\u00F0\u0178\u02DC\u20AC smile", "\uD83D\uDE00 smile"),
                Arguments.of("\u00C3\u0192\u00C2\u00A9", "\u00E9"),
                Arguments.of("&nbsp;&nbsp;x", "\u00A0\u00A0x"),
                Arguments.of("\u0000nul\u0007bell", "nulbell"),
                Arguments.of("\uFF28\uFF45\uFF4C\uFF4C\uFF4F\u3000\uFF57\uFF4F\uFF52\uFF4C\uFF44", "Hello world"),
                Arguments.of("\uFB05 \uFB00 \u01C4", "\u017Ft ff D\u017D"),
                Arguments.of("a\u00A0b\u2009c", "a\u00A0b\u2009c"),
                Arguments.of("line one\n<b>html</b>\n&amp;", "line one\n<b>html</b>\n&amp;"),
                Arguments.of("&amp;\n<i>x</i>\n&amp;", "&\n<i>x</i>\n&amp;"),
                Arguments.of("\u00D0\u0178\u00D1\u20AC\u00D0\u00B8\u00D0\u00B2\u00D0\u00B5\u00D1\u201A \u00D0\u00BC\u00D0\u00B8\u00D1\u20AC", "\u041F\u0440\u0438\u0432\u0435\u0442 \u043C\u0438\u0440"),
                Arguments.of("l'\u00C3\u00A9t\u00C3\u00A9 \u00C3  Paris", "l'\u00E9t\u00E9 \u00E0 Paris"),
                Arguments.of("\u00C3\u00BCber \u00C3\u00A4rger", "\u00FCber \u00E4rger"),
                Arguments.of("&lt;b&gt; \u201CCAF\u00C3\u2030\u201D", "<b> \"CAF\u00C9\""),
                Arguments.of("crlf\r\nand cr\rend", "crlf\nand cr\nend"),
                Arguments.of("lone \uD800 surrogate", "lone \uFFFD surrogate"));
    }

    @ParameterizedTest
    @MethodSource("repairs")
    void fixesTextLikeFtfy(String text, String fixed) {
        assertEquals(fixed, TextRepair.fixText(text));
    }

    @Test
    void fixedTextStaysAsItIs() {
        String fine = "Na\u00EFve caf\u00E9 \u2014 \"quoted\" & <b>bold</b>\n\u65E5\u672C\u8A9E \uD83D\uDE00";
        assertEquals(fine, TextRepair.fixText(fine));
        assertEquals("", TextRepair.fixText(""));
    }

    /** Expected values from Python 3.11's html.unescape. */
    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("&amp;copy &copy2024", "&copy \u00A92024"),
                Arguments.of("&ampx &notit; &copy2024", "&x \u00ACit; \u00A92024"),
                Arguments.of("&#x1F600; &#128512; &#0; &#x110000; &#128;", "\uD83D\uDE00 \uD83D\uDE00 \uFFFD \uFFFD \u20AC"),
                Arguments.of("&EACUTE; &Eacute; &eacute", "&EACUTE; \u00C9 \u00E9"),
                Arguments.of("&amp;amp; once", "&amp; once"),
                Arguments.of("&#13;&#1;&#xFFFF;x", "\rx"),
                Arguments.of("no references", "no references"));
    }

    @ParameterizedTest
    @MethodSource("references")
    void unescapesLikePythonsHtmlModule(String text, String unescaped) {
        assertEquals(unescaped, TextRepair.unescapeHtml(text));
    }
}
