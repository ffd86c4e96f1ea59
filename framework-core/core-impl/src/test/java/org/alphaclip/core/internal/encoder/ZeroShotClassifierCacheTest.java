package org.alphaclip.core.internal.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.LabelScore;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.Preprocessing;
import org.junit.jupiter.api.Test;

/**
 * The zero-shot classifier: the official recipe on hand-made embeddings, one encoding per label set, and the
 * one truncation rule.
 */
class ZeroShotClassifierCacheTest {

    private static final int CONTEXT = 6;

    private final List<List<String>> encoded = new ArrayList<>();
    private final ZeroShotClassifierCache cache = new ZeroShotClassifierCache();

    /** A model whose text embedding of a prompt is [1 if it says "red", 1 if "blue", words / 10]; one token per word. */
    private final AlphaClipEncoder encoder = (AlphaClipEncoder) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AlphaClipEncoder.class}, (proxy, method, args) -> switch (method.getName()) {
                case "model" -> model(List.of("a {}.", "a photo of a {}."));
                case "encodeTexts" -> {
                    @SuppressWarnings("unchecked")
                    List<String> texts = (List<String>) args[0];
                    encoded.add(texts);
                    yield texts.stream().map(t -> new float[] {t.contains("red") ? 1 : 0, t.contains("blue") ? 1 : 0,
                            t.split(" ").length / 10f}).toArray(float[][]::new);
                }
                case "tokenize" -> {
                    @SuppressWarnings("unchecked")
                    List<String> texts = (List<String>) args[0];
                    boolean truncate = (Boolean) args[1];
                    int[][] rows = new int[texts.size()][CONTEXT];
                    for (int i = 0; i < texts.size(); i++) {
                        int tokens = texts.get(i).split(" ").length + 2;
                        if (tokens > CONTEXT && !truncate) {
                            throw new EncoderException("too long");
                        }
                        for (int k = 0; k < Math.min(tokens, CONTEXT); k++) {
                            rows[i][k] = 7;
                        }
                    }
                    yield rows;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private static ModelInfo model(List<String> templates) {
        return new ModelInfo("m", "a stand-in", Path.of("m"), 3, new ModelInfo.VisionTower(32, 16, 8, 2, 2),
                new ModelInfo.TextTower(CONTEXT, 100, 8, 2, 2), new Preprocessing(32, "shortest-side", "bicubic", "center",
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f), 100, templates,
                new ModelInfo.TokenizerSpec("word-level", "basic", "<start>", "<end>"));
    }

    @Test
    void rowsAreUnitMeansOfUnitPromptEmbeddingsAndProbabilitiesTheSoftmaxOfScaledCosines() throws Exception {
        ZeroShotClassifier classifier = cache.classifier(encoder, List.of("red", "blue"), List.of());

        assertEquals(List.of("a {}.", "a photo of a {}."), classifier.templates());
        float[] a = ZeroShotClassifier.unit(new float[] {1, 0, 0.2f});
        float[] b = ZeroShotClassifier.unit(new float[] {1, 0, 0.5f});
        float[] expected = ZeroShotClassifier.unit(new float[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2});
        assertArrayEquals(expected, classifier.rows()[0]);

        float[] image = {3, 0, 0};
        double[] cosines = classifier.cosines(image);
        assertEquals(expected[0], cosines[0], 1e-7);
        double[] p = classifier.probabilities(image);
        assertEquals(1 / (1 + Math.exp(100 * (cosines[1] - cosines[0]))), p[0], 1e-12);
        assertEquals(0, classifier.best(image));
        List<LabelScore> ranking = classifier.ranking(image);
        assertEquals("red", ranking.get(0).label());
        assertEquals(p[1], ranking.get(1).probability(), 1e-15);
    }

    @Test
    void oneLabelSetIsEncodedOncePerModel() throws Exception {
        ZeroShotClassifier first = cache.classifier(encoder, List.of("red", "blue"), List.of("{}"));
        assertSame(first, cache.classifier(encoder, List.of("red", "blue"), List.of("{}")));
        cache.classifier(encoder, List.of("blue", "red"), List.of("{}"));
        assertEquals(List.of(List.of("red", "blue"), List.of("blue", "red")), encoded);
    }

    @Test
    void promptsLongerThanTheContextAreCutAndTheirLabelsListed() throws Exception {
        ZeroShotClassifier classifier = cache.classifier(encoder, List.of("red", "very dark navy blue"), List.of("a {}"));
        assertEquals(List.of("very dark navy blue"), classifier.truncatedLabels());
        assertEquals(List.of(), cache.classifier(encoder, List.of("red", "blue"), List.of("a {}")).truncatedLabels());
    }

    @Test
    void badLabelsAndTemplatesAreRefused() {
        assertEquals("A classifier needs at least one label",
                assertThrows(IllegalArgumentException.class, () -> cache.classifier(encoder, List.of(), List.of())).getMessage());
        assertEquals("Labels must not be empty",
                assertThrows(IllegalArgumentException.class, () -> cache.classifier(encoder, List.of("red", " "), List.of())).getMessage());
        assertEquals("A prompt template needs {} where the label goes, e.g. 'a photo of a {}.', got 'a photo'", assertThrows(
                IllegalArgumentException.class, () -> cache.classifier(encoder, List.of("red"), List.of("a photo"))).getMessage());
    }
}
