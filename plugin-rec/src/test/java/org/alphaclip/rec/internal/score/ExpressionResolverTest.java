package org.alphaclip.rec.internal.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.parse.Entity;
import org.alphaclip.rec.internal.parse.ParsedExpression;
import org.alphaclip.rec.internal.relation.Spatial;
import org.junit.jupiter.api.Test;

/** Relation handling over four boxes in a row, with made-up text logits. */
class ExpressionResolverTest {

    // 0: small circle at the left, 1: big square, 2: small circle in the middle, 3: small square at the right
    private static final List<Region.Box> BOXES = List.of(new Region.Box(0, 40, 20, 60), new Region.Box(40, 20, 80, 80),
            new Region.Box(100, 40, 120, 60), new Region.Box(160, 40, 180, 60));

    /** Circles score high for "circle", squares for "square"; the whole expressions are ambiguous. */
    private static final Map<String, double[]> LOGITS = Map.of(
            "circle", new double[] {5, 0, 5, 0},
            "square", new double[] {0, 5, 0, 5},
            "the big square", new double[] {0, 5, 0, 5},
            "shape", new double[] {1, 1, 1, 1});

    private final List<String> asked = new ArrayList<>();
    private final ExpressionResolver resolver = new ExpressionResolver(BOXES, 1);

    private double[] logits(String text) {
        asked.add(text);
        return LOGITS.getOrDefault(text, new double[] {0, 0, 0, 0});
    }

    private static Entity entity(String text) {
        return new Entity(text, List.of(), List.of());
    }

    @Test
    void withoutGeometryTheWholeExpressionsSoftmaxDecides() throws Exception {
        double[] p = resolver.resolve(new ParsedExpression("the big square", entity("the big square")), this::logits, true);
        assertEquals(p[1], p[3], 1e-12);
        assertTrue(p[1] > 0.49, "p = " + java.util.Arrays.toString(p));
        assertEquals(List.of("the big square"), asked);
    }

    @Test
    void binaryRelationPicksTheCandidateStandingInItToTheObject() throws Exception {
        // "circle right of square": circle 2 is right of square 1; circle 0 is right of no square
        Entity subject = new Entity("circle", List.of(new Entity.Relation(Spatial.RIGHT, entity("square"), null)), List.of());
        double[] p = resolver.resolve(new ParsedExpression("the circle right of the square", subject), this::logits, true);
        assertEquals(2, ExpressionResolver.argmax(p));
        assertTrue(p[2] > 0.9, "p = " + java.util.Arrays.toString(p));
        assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-9);
        // without relations the same expression cannot tell the circles apart
        double[] flat = resolver.resolve(new ParsedExpression("the circle right of the square", subject), this::logits, false);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, flat, 1e-12);
    }

    @Test
    void superlativesPickTheExtremeAmongLikelyCandidates() throws Exception {
        double[] leftmostSquare = resolver.resolve(new ParsedExpression("the leftmost square",
                new Entity("square", List.of(), List.of(Spatial.LEFT))), this::logits, true);
        assertEquals(1, ExpressionResolver.argmax(leftmostSquare));
        double[] rightmostCircle = resolver.resolve(new ParsedExpression("the rightmost circle",
                new Entity("circle", List.of(), List.of(Spatial.RIGHT))), this::logits, true);
        assertEquals(2, ExpressionResolver.argmax(rightmostCircle));
        double[] biggest = resolver.resolve(new ParsedExpression("the biggest shape",
                new Entity("shape", List.of(), List.of(Spatial.BIGGER))), this::logits, true);
        assertEquals(1, ExpressionResolver.argmax(biggest));
        double[] onlyGeometry = resolver.resolve(new ParsedExpression("the biggest",
                new Entity("", List.of(), List.of(Spatial.BIGGER))), this::logits, true);
        assertEquals(1, ExpressionResolver.argmax(onlyGeometry));
    }

    @Test
    void betweenUsesPairsOfOtherCandidates() throws Exception {
        // circle 2 lies between the squares 1 and 3; circle 0 does not
        Entity squares = entity("square");
        Entity subject = new Entity("circle", List.of(new Entity.Relation(Spatial.BETWEEN, squares, squares)), List.of());
        double[] p = resolver.resolve(new ParsedExpression("the circle between the squares", subject), this::logits, true);
        assertEquals(2, ExpressionResolver.argmax(p));
    }

    @Test
    void nestedRelationsResolveTheObjectFirst() throws Exception {
        // "circle left of (square right of circle)": the square right of a circle is 1 or 3; circles left of those: 0, 2
        Entity square = new Entity("square", List.of(new Entity.Relation(Spatial.RIGHT, entity("circle"), null)), List.of());
        Entity subject = new Entity("circle", List.of(new Entity.Relation(Spatial.LEFT, square, null)), List.of(Spatial.RIGHT));
        double[] p = resolver.resolve(new ParsedExpression("x", subject), this::logits, true);
        assertEquals(2, ExpressionResolver.argmax(p));
    }

    @Test
    void theWholeExpressionsWeightDecidesHowMuchItCountsAgainstTheParse() throws Exception {
        // the model misreads the whole expression as the left circle; the parse says the rightmost circle
        Map<String, double[]> misleading = Map.of("the rightmost circle", new double[] {6, 0, 0, 0}, "circle", LOGITS.get("circle"));
        ParsedExpression rightmost = new ParsedExpression("the rightmost circle", new Entity("circle", List.of(), List.of(Spatial.RIGHT)));
        double[] product = resolver.resolve(rightmost, misleading::get, true);
        assertEquals(0, ExpressionResolver.argmax(new ExpressionResolver(BOXES, 1).resolve(rightmost, misleading::get, false)));
        assertEquals(2, ExpressionResolver.argmax(product), "the superlative zeroes the left circle even in the product");
        double[] parseOnly = new ExpressionResolver(BOXES, 0).resolve(rightmost, misleading::get, true);
        assertEquals(2, ExpressionResolver.argmax(parseOnly));
        assertTrue(parseOnly[2] > 0.95, "p = " + Arrays.toString(parseOnly));
        Entity circleLeftOfSquare = new Entity("circle", List.of(new Entity.Relation(Spatial.LEFT, entity("square"), null)), List.of());
        Map<String, double[]> wrongWhole = Map.of("x", new double[] {0, 0, 0, 12}, "circle", LOGITS.get("circle"),
                "square", LOGITS.get("square"));
        ExpressionResolver parseAlone = new ExpressionResolver(BOXES, 0);
        assertArrayEquals(parseAlone.entity(circleLeftOfSquare, wrongWhole::get),
                parseAlone.resolve(new ParsedExpression("x", circleLeftOfSquare), wrongWhole::get, true), 1e-12);
    }

    @Test
    void anImpossibleRelationIsSkippedInsteadOfDividingByZero() throws Exception {
        ExpressionResolver two = new ExpressionResolver(List.of(BOXES.get(0), BOXES.get(2)), 1);
        Entity subject = new Entity("circle", List.of(new Entity.Relation(Spatial.INSIDE, entity("circle"), null)), List.of());
        double[] p = two.resolve(new ParsedExpression("circle inside circle", subject), t -> new double[] {2, 1}, true);
        assertEquals(1.0, p[0] + p[1], 1e-12);
        assertTrue(Double.isFinite(p[0]) && p[0] > p[1]);
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        double[] p = ExpressionResolver.softmax(new double[] {1000, 1000, -1000});
        assertArrayEquals(new double[] {0.5, 0.5, 0}, p, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ExpressionResolver(List.of(), 1));
    }
}
