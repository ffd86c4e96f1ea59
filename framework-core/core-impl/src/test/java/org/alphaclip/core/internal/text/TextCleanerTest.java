package org.alphaclip.core.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextCleanerTest {

    static Stream<Arguments> fixtureStrings() {
        return ReferenceFixtures.tokenizerStrings().stream().map(s -> Arguments.of(s.text(), s.cleaned()));
    }

    @ParameterizedTest
    @MethodSource("fixtureStrings")
    void cleansLikeTheOfficialTokenizer(String text, String cleaned) {
        assertEquals(cleaned, TextCleaner.clean(text));
    }

    /** More cases, expected values from ftfy 6.3.1 with CLIP's html.unescape, whitespace and lower steps. */
    static Stream<Arguments> repairs() {
        return Stream.of(
                Arguments.of("na\u00C3\u00AFve caf\u00C3\u00A9 r\u00C3\u00A9sum\u00C3\u00A9", "na\u00EFve caf\u00E9 r\u00E9sum\u00E9"),
                Arguments.of("\u00C3\u2026ngstr\u00C3\u00B6m", "\u00E5ngstr\u00F6m"),
                Arguments.of("The Mona Lisa doesn\u00C3\u00A2\u00E2\u201A\u00AC\u00E2\u201E\u00A2t have eyebrows.", "the mona lisa doesn't have eyebrows."),
                Arguments.of("\u00E2\u20AC\u0153quoted\u00E2\u20AC\uFFFD", "\"quoted\uFFFD"),
                Arguments.of("\u00C3 la mode", "\u00E0 la mode"),
                Arguments.of("caf\u00E9 and \u00C3\u00A9t\u00C3\u00A9", "caf\u00E9 and \u00E9t\u00E9"),
                Arguments.of("P&EACUTE;REZ", "p\u00E9rez"),
                Arguments.of("&lt;b&gt; &amp;amp;amp;", "<b> &"),
                Arguments.of("<b>&amp;amp;amp;</b>", "<b>&amp;</b>"),
                Arguments.of("x\u0085y", "x\u2026y"),
                Arguments.of("\u0130stanbul", "i\u0307stanbul"),
                Arguments.of("\u039F\u0394\u039F\u03A3 \u03A3\u0391\u03A3", "\u03BF\u03B4\u03BF\u03C2 \u03C3\u03B1\u03C2"),
                Arguments.of("\uFF80\uFF70\uFF9D", "\u30BF\u30FC\u30F3"),
                Arguments.of("x\u00B2 \u00BD \u2122", "x\u00B2 \u00BD \u2122"),
                Arguments.of("\u001B[36mblue\u001B[0m", "blue"),
                Arguments.of("\uFEFFbom a\u00ADb", "bom a\u00ADb"),
                Arguments.of("&#x1F600; &#128512; &#0; &#x110000; &#128;", "\uD83D\uDE00 \uD83D\uDE00 \uFFFD \uFFFD \u20AC"),
                Arguments.of("&ampx &notit; &copy2024", "&x \u00ACit; \u00A92024"),
                Arguments.of("one\u2028two", "one two"),
                Arguments.of("\u00D0\u00BF\u00D1\u20AC\u00D0\u00B8\u00D0\u00B2\u00D0\u00B5\u00D1\u201A", "\u043F\u0440\u0438\u0432\u0435\u0442"),
                Arguments.of("\u00F0\u0178\u02DC\u20AC smile", "\uD83D\uDE00 smile"),
                Arguments.of("\u00C3\u0192\u00C2\u00A9", "\u00E9"),
                Arguments.of("&nbsp;&nbsp;x", "x"),
                Arguments.of("\u0000nul\u0007bell", "nulbell"),
                Arguments.of("\uFF28\uFF45\uFF4C\uFF4C\uFF4F\u3000\uFF57\uFF4F\uFF52\uFF4C\uFF44", "hello world"),
                Arguments.of("\uFB05 \uFB00 \u01C4", "\u017Ft ff d\u017E"),
                Arguments.of("a\u00A0b\u2009c", "a b c"),
                Arguments.of("line one\n<b>html</b>\n&amp;", "line one <b>html</b> &"),
                Arguments.of("&amp;\n<i>x</i>", "& <i>x</i>"),
                Arguments.of("\u00D0\u0178\u00D1\u20AC\u00D0\u00B8\u00D0\u00B2\u00D0\u00B5\u00D1\u201A \u00D0\u00BC\u00D0\u00B8\u00D1\u20AC", "\u043F\u0440\u0438\u0432\u0435\u0442 \u043C\u0438\u0440"),
                Arguments.of("l'\u00C3\u00A9t\u00C3\u00A9 \u00C3  Paris", "l'\u00E9t\u00E9 \u00E0 paris"),
                Arguments.of("\u00C3\u00BCber \u00C3\u00A4rger", "\u00FCber \u00E4rger"));
    }

    @ParameterizedTest
    @MethodSource("repairs")
    void repairsLikeFtfy(String text, String cleaned) {
        assertEquals(cleaned, TextCleaner.clean(text));
    }

    @ParameterizedTest
    @MethodSource("basicCases")
    void basicCleaningNormalisesCollapsesAndLowercases(String text, String cleaned) {
        assertEquals(cleaned, TextCleaner.basic(text));
    }

    static Stream<Arguments> basicCases() {
        return Stream.of(
                Arguments.of("  A\tPhoto\n OF  a Cat ", "a photo of a cat"),
                Arguments.of("cafe\u0301", "caf\u00E9"),
                Arguments.of("caf\u00C3\u00A9 &amp; \u201Cx\u201D", "caf\u00E3\u00A9 &amp; \u201Cx\u201D"));
    }
}
