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

    /**
     * CLIP's steps after ftfy's fix_text (tested on its own in the text-repair module): HTML unescaping twice,
     * also of text that looks like HTML, whitespace runs collapsed, lower case. Expected values from ftfy 6.3.1
     * with CLIP's html.unescape, whitespace and lower steps.
     */
    static Stream<Arguments> clipSteps() {
        return Stream.of(
                Arguments.of("The Mona Lisa doesn\u00C3\u00A2\u00E2\u201A\u00AC\u00E2\u201E\u00A2t have eyebrows.", "the mona lisa doesn't have eyebrows."),
                Arguments.of("P&EACUTE;REZ", "p\u00E9rez"),
                Arguments.of("&lt;b&gt; &amp;amp;amp;", "<b> &"),
                Arguments.of("<b>&amp;amp;amp;</b>", "<b>&amp;</b>"),
                Arguments.of("&ampx &notit; &copy2024", "&x \u00ACit; \u00A92024"),
                Arguments.of("\u0130stanbul", "i\u0307stanbul"),
                Arguments.of("\u039F\u0394\u039F\u03A3 \u03A3\u0391\u03A3", "\u03BF\u03B4\u03BF\u03C2 \u03C3\u03B1\u03C2"),
                Arguments.of("one\u2028two", "one two"),
                Arguments.of("&nbsp;&nbsp;x", "x"),
                Arguments.of("\uFF28\uFF45\uFF4C\uFF4C\uFF4F\u3000\uFF57\uFF4F\uFF52\uFF4C\uFF44", "hello world"),
                Arguments.of("a\u00A0b\u2009c", "a b c"),
                Arguments.of("line one\n<b>html</b>\n&amp;", "line one <b>html</b> &"),
                Arguments.of("&amp;\n<i>x</i>", "& <i>x</i>"),
                Arguments.of("l'\u00C3\u00A9t\u00C3\u00A9 \u00C3  Paris", "l'\u00E9t\u00E9 \u00E0 paris"));
    }

    @ParameterizedTest
    @MethodSource("clipSteps")
    void cleansLikeClipAfterFixingTheText(String text, String cleaned) {
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
