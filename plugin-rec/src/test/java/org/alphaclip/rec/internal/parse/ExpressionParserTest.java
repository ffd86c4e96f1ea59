package org.alphaclip.rec.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.rec.internal.relation.Spatial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {

    private static ExpressionParser parser;

    @BeforeAll
    static void loadTagger() throws Exception {
        parser = new ExpressionParser(PosTagger.english());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the red circle left of the blue square      | "the red circle" left of("the blue square")
            the circle right of the red square          | "the circle" right of("the red square")
            the square right of the blue circle         | "the square" right of("the blue circle")
            the square right of the yellow square       | "the square" right of("the yellow square")
            the red on the left                         | "the red" [leftmost]
            the square above the large green triangle   | "the square" above("the large green triangle")
            the small red circle below the star         | "the small red circle" below("the star")
            the person to the right of the tree         | "the person" right of("the tree")
            guy in front of the car                     | "guy" below("the car")
            the lamp on top of the table                | "the lamp" above("the table")
            the cow standing behind the fence           | "the cow standing" above("the fence")
            giraffe inside the fence                    | "giraffe" inside("the fence")
            the elephant bigger than the dog            | "the elephant" bigger than("the dog")
            the car closer to the tree                  | "the car" bigger than("the tree")
            the cat between the two dogs                | "the cat" between("the two dogs", "the two dogs")
            the cup between the plate and the bowl      | "the cup" between("the plate", "the bowl")
            the circle left of the red square above the star | "the circle" left of("the red square" above("the star"))
            the man in the white shirt left of the car  | "the man in the white shirt" left of("the car")
            the leftmost shape                          | "" [leftmost]
            the rightmost shape                         | "" [rightmost]
            the topmost shape                           | "" [topmost]
            the bottommost shape                        | "" [bottommost]
            the biggest star                            | "the star" [biggest]
            the smallest circle                         | "the circle" [smallest]
            left-most shape                             | "" [leftmost]
            the biggest one                             | "" [biggest]
            the thing on the right                      | "" [rightmost]
            the small one on the left                   | "the small one" [leftmost]
            left guy                                    | "guy" [leftmost]
            bigger elephant                             | "elephant" [biggest]
            man on the left in a white shirt            | "man in a white shirt" [leftmost]
            the man on the left side of the picture     | "the man" [leftmost]
            left half of the pizza                      | "the pizza" [leftmost]
            zebra furthest back                         | "zebra" [smallest, topmost]
            the second man from left                    | "the second man" [leftmost]
            top left corner                             | "" [topmost, leftmost]
            woman wearing a hat on the right            | "woman wearing a hat" [rightmost]
            """)
    void parsesSubjectRelationsAndSuperlatives(String expression, String expected) {
        assertEquals(expected, parser.parse(expression).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the red circle      | the red circle
            the circle          | the circle
            the red shape       | the red shape
            a man holding an umbrella | a man holding an umbrella
            pizza slice with olives   | pizza slice with olives
            """)
    void expressionsWithoutGeometryKeepTheirText(String expression, String text) {
        ParsedExpression parsed = parser.parse(expression);
        assertFalse(parsed.usesGeometry());
        assertEquals(text, parsed.subject().text());
    }

    @Test
    void relationsCarryTheirKindAndEntities() {
        Entity subject = parser.parse("The RED circle, left of the blue square!").subject();
        assertEquals("the red circle", subject.text());
        assertEquals(1, subject.relations().size());
        Entity.Relation relation = subject.relations().get(0);
        assertEquals(Spatial.LEFT, relation.kind());
        assertEquals("the blue square", relation.object().text());
        assertEquals(null, relation.second());
        assertTrue(parser.parse("the red circle left of the blue square").usesGeometry());
    }

    @Test
    void pictureWordsAreNeverEntities() {
        for (String expression : List.of("the dog in the picture", "the right part of the image", "region with the cat")) {
            Entity subject = parser.parse(expression).subject();
            assertTrue(subject.relations().isEmpty(), expression);
            assertFalse(subject.text().contains("picture") || subject.text().contains("image")
                    || subject.text().contains("region"), expression + " -> " + subject.text());
        }
    }

    @Test
    void wordsAreLowerCasedAndHyphenatedKeywordsJoined() {
        assertEquals(List.of("the", "leftmost", "t-shirt", "man", "'s", "hat"),
                ExpressionParser.words("The LEFT-MOST t-shirt man's hat"));
    }

    @Test
    void emptyExpressionsAreRejectedWithASentence() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> parser.parse("   "));
        assertTrue(empty.getMessage().startsWith("The expression is empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parser.parse(null));
        IllegalArgumentException noWords = assertThrows(IllegalArgumentException.class, () -> parser.parse("?! ..."));
        assertTrue(noWords.getMessage().contains("has no words"), noWords.getMessage());
    }
}
