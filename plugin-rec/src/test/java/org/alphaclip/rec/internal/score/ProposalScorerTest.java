package org.alphaclip.rec.internal.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.rec.internal.image.Pixels;
import org.alphaclip.rec.internal.proposal.Proposal;
import org.alphaclip.rec.internal.testing.Scenes.Thing;
import org.alphaclip.rec.internal.testing.Scenes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoring with the real ONNX encoder on the core's random-weight fixture package (plumbing, not
 * accuracy): shapes, sums over representations and models, softmax, the platform's classifier cache.
 */
class ProposalScorerTest {

    /** The fixture package the core build exports (mvn install of framework-core/core-impl makes it). */
    private static final Path FIXTURE = Path.of(System.getProperty("alphaclip.rec.fixtureModel",
            "../framework-core/core-impl/target/test-models/fixture-full"));

    private static StandaloneSessions sessions;
    private static OnnxAlphaClipEncoder encoder;

    private static final RgbImage IMAGE = Scenes.draw(200, 120, List.of(new Thing(new Region.Box(10, 20, 60, 70), Scenes.RED),
            new Thing(new Region.Box(80, 30, 120, 90), Scenes.BLUE), new Thing(new Region.Box(140, 10, 190, 60), Scenes.GREEN)));
    private static final List<Proposal> PROPOSALS = List.of(proposal(10, 20, 60, 70), proposal(80, 30, 120, 90),
            proposal(140, 10, 190, 60));

    @BeforeAll
    static void openEncoder() throws Exception {
        assumeTrue(Files.isRegularFile(FIXTURE.resolve("manifest.json")),
                "the fixture model package is built by framework-core/core-impl: " + FIXTURE.toAbsolutePath());
        sessions = StandaloneSessions.open();
        encoder = new OnnxAlphaClipEncoder(ModelPackageReader.read(FIXTURE), sessions);
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
        if (sessions != null) {
            sessions.close();
        }
    }

    private static Proposal proposal(double x0, double y0, double x1, double y1) {
        Region.Box box = new Region.Box(x0, y0, x1, y1);
        return new Proposal(box, Pixels.boxMask(200, 120, box));
    }

    private static ScoringSettings settings(AlphaMode alpha, Representation... representations) {
        return new ScoringSettings(List.of(representations), alpha, 100, true, "{}", 2, 1);
    }

    private static double[] logits(List<AlphaClipEncoder> encoders, ScoringSettings settings, String text) throws EncoderException {
        return new ProposalScorer(encoders, new ZeroShotClassifierCache(), settings).encode(IMAGE, PROPOSALS).score(List.of(text))
                .logits(text);
    }

    @Test
    void logitsAreSummedOverRepresentationsAndModels() throws Exception {
        String text = "the red square";
        double[] full = logits(List.of(encoder), settings(AlphaMode.MASK, Representation.FULL), text);
        double[] blur = logits(List.of(encoder), settings(AlphaMode.MASK, Representation.BLUR), text);
        double[] both = logits(List.of(encoder), settings(AlphaMode.MASK, Representation.FULL, Representation.BLUR), text);
        double[] ensemble = logits(List.of(encoder, encoder), settings(AlphaMode.MASK, Representation.FULL), text);
        assertEquals(3, both.length);
        for (int i = 0; i < 3; i++) {
            assertTrue(Double.isFinite(both[i]));
            assertTrue(Math.abs(full[i]) <= encoder.model().logitScale() + 1e-6, "a logit is at most the scale: " + full[i]);
            assertEquals(full[i] + blur[i], both[i], 1e-3);
            assertEquals(2 * full[i], ensemble[i], 1e-3);
        }
        double[] p = ExpressionResolver.softmax(both);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
    }

    @Test
    void theRegionReachesTheEncoder() throws Exception {
        double[] masked = logits(List.of(encoder), settings(AlphaMode.MASK, Representation.FULL), "a shape");
        double[] whole = logits(List.of(encoder), settings(AlphaMode.WHOLE, Representation.FULL), "a shape");
        assertTrue(Math.abs(masked[0] - masked[1]) > 1e-4, "different masks give different scores");
        assertEquals(whole[0], whole[1], 1e-4, "with the whole image as alpha, the full image scores the same");
        double[] crops = logits(List.of(encoder), settings(AlphaMode.WHOLE, Representation.CROP), "a shape");
        double[] circles = logits(List.of(encoder), settings(AlphaMode.WHOLE, Representation.CIRCLE), "a shape");
        double[] greys = logits(List.of(encoder), settings(AlphaMode.BOX, Representation.GRAY), "a shape");
        for (double[] scores : List.of(crops, circles, greys)) {
            assertTrue(Math.abs(scores[0] - scores[1]) > 1e-4, "each proposal is shown differently");
        }
    }

    @Test
    void textEmbeddingsAreCachedPerModel() throws Exception {
        CountingEncoder counting = new CountingEncoder(encoder);
        ImageScores scores = new ProposalScorer(List.of(counting), new ZeroShotClassifierCache(),
                settings(AlphaMode.MASK, Representation.FULL)).encode(IMAGE, PROPOSALS);
        double[] first = scores.score(List.of("the blue square")).logits("the blue square");
        double[] second = scores.score(List.of("the blue square")).logits("the blue square");
        scores.score(List.of("the green square"));
        assertEquals(2, counting.texts.get());
        assertEquals(first[1], second[1]);
        assertEquals(2, counting.batches.get(), "three proposals in batches of two");
        TextScores both = scores.score(List.of("the red square", "the blue square", "the red square"));
        assertEquals(4, counting.texts.get(), "one classifier for the texts asked together; each text once");
        assertEquals(first[1], both.logits("the blue square")[1], 1e-4);
    }

    /** Counts the calls it passes on. */
    private static final class CountingEncoder implements AlphaClipEncoder {
        final AtomicInteger texts = new AtomicInteger();
        final AtomicInteger batches = new AtomicInteger();
        private final AlphaClipEncoder delegate;

        CountingEncoder(AlphaClipEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public ModelInfo model() {
            return delegate.model();
        }

        @Override
        public ImageEncoding encodeImages(List<RegionImage> inputs, EncodeOptions options) throws EncoderException {
            batches.incrementAndGet();
            return delegate.encodeImages(inputs, options);
        }

        @Override
        public float[][] encodeTexts(List<String> list, boolean truncate) throws EncoderException {
            texts.addAndGet(list.size());
            return delegate.encodeTexts(list, truncate);
        }

        @Override
        public int[][] tokenize(List<String> list, boolean truncate) throws EncoderException {
            return delegate.tokenize(list, truncate);
        }
    }
}
