package org.alphaclip.world.internal.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.Seeds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole-image recognition survives the alpha fine-tuning: on 2,000 single-object scenes per renderer (split
 * {@code check-single}, never used for training or the documented evaluation) the Alpha-CLIP model with
 * alpha all ones stays within {@value #ALLOWED_DROP} points of the model before alpha fine-tuning, the
 * target of issues 5 and 17, and recognises at least {@value #FLOOR} % of them (colour and shape over 20 labels;
 * chance 5 %, colour alone 25 %). On these 2,000 the shipped pair measures 68.2 vs 66.6 (raster) and 66.7 vs 65.6
 * (vector); the previous default, which found shape in whole scenes at chance, measured +0.1 and -0.2 points at
 * about 30 %, and would fail the floor.
 */
class WholeImageRecognitionTest {

    private static final double ALLOWED_DROP = 2;
    /** About seven standard errors below the shipped model's accuracy on these scenes. */
    private static final double FLOOR = 60;

    private static ShippedModel alpha;
    private static ShippedModel base;

    @BeforeAll
    static void open() throws Exception {
        alpha = ShippedModel.open(ShippedModel.ALPHA);
        base = ShippedModel.open(ShippedModel.BASE);
    }

    @AfterAll
    static void close() {
        alpha.close();
        base.close();
    }

    @ParameterizedTest
    @CsvSource({"raster", "vector"})
    void alphaAllOnesKeepsTheWholeImageAnswers(String renderer) throws Exception {
        SceneGenerator generator = Renderers.generator(renderer);
        List<Scene> singles = IntStream.range(0, 2000)
                .mapToObj(i -> generator.generate(Seeds.scene(3, "check-single", i), SceneSpec.DEFAULT.withObjects(1, 1)))
                .toList();
        EvaluationTable table = new Evaluation(ShippedModel.CLASSIFIERS, alpha.encoder(), base.encoder()).run(renderer, List.of(), singles);
        System.out.printf("%s: whole-image top-1 %.1f%% (Alpha-CLIP, alpha all ones) vs %.1f%% (before alpha fine-tuning)%n",
                renderer, table.wholeAlpha(), table.wholeBase());
        assertTrue(table.wholeAlpha() >= table.wholeBase() - ALLOWED_DROP, renderer + ": whole-image top-1 "
                + table.wholeAlpha() + "% vs " + table.wholeBase() + "% before alpha fine-tuning\n" + table);
        assertTrue(table.wholeAlpha() >= FLOOR, renderer + ": whole-image top-1 " + table.wholeAlpha() + "% < " + FLOOR
                + "%\n" + table);
    }
}
