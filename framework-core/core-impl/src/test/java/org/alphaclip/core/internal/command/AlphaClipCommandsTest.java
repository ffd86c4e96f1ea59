package org.alphaclip.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.alphaclip.sdk.testing.StandInEncoders;
import org.junit.jupiter.api.Test;

/** {@code alphaclip:classify} on a stand-in encoder: the ranking it prints, its warnings and its refusals. */
class AlphaClipCommandsTest {

    private static final ModelInfo MODEL = new ModelInfo("m", "a stand-in", Path.of("m"), 2,
            new ModelInfo.VisionTower(32, 16, 8, 2, 2), new ModelInfo.TextTower(77, 49408, 8, 2, 2),
            new Preprocessing(32, "shortest-side", "bicubic", "center", new float[] {0.5f, 0.5f, 0.5f},
                    new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f),
            100, List.of("a photo of a {}."), new ModelInfo.TokenizerSpec("clip-bpe", "clip", "<|startoftext|>", "<|endoftext|>"));

    /** The logit scale of the classifiers made: 100 as CLIP's, 0 for equal probabilities. */
    private double logitScale = 100;
    /** The classifiers asked for, as "labels templates". */
    private final List<String> asked = new ArrayList<>();
    private final AlphaClipEncoder encoder = (AlphaClipEncoder) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AlphaClipEncoder.class}, (p, m, a) -> switch (m.getName()) {
                case "model" -> MODEL;
                case "encodeImages" -> new ImageEncoding(new FloatTensor(new long[] {1, 2}, new float[] {0, 1}), Map.of(), null,
                        List.of("mask 40x30 stretched to the image"));
                default -> throw new UnsupportedOperationException(m.getName());
            });
    private final StandInEncoders encoders = new StandInEncoders(encoder);
    private final ZeroShotClassifiers classifiers = (encoder, labels, templates) -> {
        asked.add(labels + " " + templates);
        return new ZeroShotClassifier("m", labels, templates.isEmpty() ? MODEL.promptTemplates() : templates,
                new float[][] {{1, 0}, {0, 1}}, logitScale, List.of(labels.get(1)));
    };
    private final AlphaClipCommands commands = new AlphaClipCommands(CommandFuzzing.unused(ModelPackages.class),
            CommandFuzzing.blankImages(40, 30), encoders, classifiers);

    private AlphaClipCommands.Classification classify(boolean json, String template, String... labels) throws Exception {
        return commands.classify("", "a.png", "", "", "", 10, "", 10, false, 128, false, template, json, labels);
    }

    @Test
    void classifyRanksTheLabelsAndWarnsAboutCutPrompts() throws Exception {
        String table = classify(false, "", "red circle", "a very long label").toString();

        assertEquals(List.of("[red circle, a very long label] []"), asked);
        assertEquals(String.join(System.lineSeparator(),
                "a very long label  100.00%  ##############################",
                "red circle           0.00%",
                "warning: mask 40x30 stretched to the image",
                "warning: a prompt of label 'a very long label' is longer than the model's 77 tokens and was cut to fit"
                        + " (as clip.tokenize(truncate=True) does)"), table);
    }

    @Test
    void classifyPrintsTheRankingAsJson() throws Exception {
        logitScale = 0;
        String json = classify(true, "itap of a {}.", "red circle", "blue square").toString();

        assertEquals(List.of("[red circle, blue square] [itap of a {}.]"), asked);
        assertEquals("{\"results\":[{\"label\":\"red circle\",\"cosine\":0.0,\"probability\":0.5},"
                + "{\"label\":\"blue square\",\"cosine\":1.0,\"probability\":0.5}]}", json);
    }

    @Test
    void classifyRefusesOptionsAmongTheLabelsAndBadTemplates() {
        assertEquals("Unknown option '--frobnicate' for alphaclip:classify; type 'help alphaclip:classify' for its options",
                refusal("", "red", "--frobnicate", "blue"));
        assertEquals("Option '--box' is given more than once; alphaclip:classify takes it once; type 'help alphaclip:classify'"
                + " for its options", refusal("", "--box", "1,2,3,4", "red", "blue"));
        assertEquals("Give at least two labels to choose between, e.g. 'red circle' 'blue square'", refusal("", "red"));
        assertEquals("Labels must not be empty", refusal("", "red", " "));
        assertEquals("--template needs {} where the label goes, e.g. 'a photo of a {}.'", refusal("a photo", "red", "blue"));
        assertEquals(List.of(), asked, "no classifier is made for refused arguments");
    }

    private String refusal(String template, String... labels) {
        return assertThrows(IllegalArgumentException.class, () -> classify(false, template, labels)).getMessage();
    }
}
