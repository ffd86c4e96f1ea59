package org.alphaclip.rec.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.data.WorldDataset;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.PosTagger;
import org.alphaclip.rec.internal.score.AlphaMode;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.rec.internal.score.Representation;
import org.alphaclip.rec.internal.score.ScoringSettings;
import org.alphaclip.rec.internal.testing.BoxProposer;
import org.alphaclip.rec.internal.testing.ColourEncoder;
import org.alphaclip.rec.internal.testing.CountingProgress;
import org.alphaclip.rec.internal.testing.FileImages;
import org.alphaclip.rec.internal.testing.Scenes.Thing;
import org.alphaclip.rec.internal.testing.Scenes;
import org.alphaclip.sdk.testing.StandInProposers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * Evaluation on a small world-format dataset: six scenes of a red square right, a blue one in the middle
 * and a red one left, with four expressions each; and what happens when a run is killed and restarted.
 */
class EvaluatorTest {

    private static final List<Thing> THINGS = List.of(new Thing(new Region.Box(100, 30, 120, 50), Scenes.RED),
            new Thing(new Region.Box(60, 30, 80, 50), Scenes.BLUE), new Thing(new Region.Box(20, 30, 40, 50), Scenes.RED));
    private static final List<String> TEXTS = List.of("the red shape left of the blue shape",
            "the red shape right of the blue shape", "the blue shape", "the leftmost red shape");
    private static final List<Integer> TARGETS = List.of(2, 0, 1, 2);
    private static final ScoringSettings SETTINGS = new ScoringSettings(List.of(Representation.FULL, Representation.BLUR),
            AlphaMode.MASK, 100, true, "{}", 4, 1);

    private static ExpressionParser parser;

    @TempDir
    Path dir;

    private EvalSplit split;
    private StandInProposers proposers;
    private final CountingProgress progress = new CountingProgress();

    @BeforeAll
    static void loadTagger() throws IOException {
        parser = new ExpressionParser(PosTagger.english());
    }

    @BeforeEach
    void writeDataset() throws IOException {
        split = WorldDataset.read(Scenes.writeWorld(dir.resolve("world-test"), 6, THINGS, TEXTS, TARGETS));
        proposers = new StandInProposers(BoxProposer.named("boxes", List.of()));
    }

    private EvalReport run(AlphaClipEncoder encoder, Path stateFile, Evaluator.Options options)
            throws IOException, EncoderException {
        try (StateFile state = StateFile.open(stateFile, settings())) {
            return new Evaluator(new FileImages(), proposers, new ProposalScorer(List.of(encoder), new ZeroShotClassifierCache(),
                    SETTINGS), parser)
                    .run(List.of(split), options, state, "test", progress);
        }
    }

    private static JsonObject settings() {
        JsonObject s = new JsonObject();
        s.addProperty("representations", "full,blur");
        return s;
    }

    private static Evaluator.Options options() {
        return new Evaluator.Options("", false, false, 0);
    }

    @Test
    void relationsResolveWhatTheWholeExpressionCannot() throws Exception {
        ColourEncoder encoder = new ColourEncoder("colours");
        EvalReport report = run(encoder, dir.resolve("r.json.state.jsonl"), options());
        EvalReport.SplitResult row = report.splits().get(0);
        assertEquals("world-test", row.name());
        assertEquals(24, row.expressions());
        assertEquals(24, row.correct(), report.toString());
        assertEquals(12, row.correctWithoutRelations(), "ties between the two red squares go to the first: " + report);
        assertEquals(0, row.failed());
        assertEquals(Map.of("boxes", 24), report.proposers());
        assertEquals(6 * 3 * 2, encoder.images.get(), "each scene's 3 proposals encoded once per representation");
        assertEquals(24, progress.total);
        assertTrue(progress.closed);
        assertTrue(report.toString().contains("100.00%"), report.toString());
    }

    @Test
    void aKilledRunContinuesWhereItStoppedWithoutRedoingFinishedItems() throws Exception {
        Path stateFile = dir.resolve("r.json.state.jsonl");
        // the first run dies in the fourth scene: its encoder fails there, as if the process was killed
        EncoderException death = assertThrows(EncoderException.class,
                () -> run(new DyingEncoder(new ColourEncoder("colours"), 3 * 3 * 2), stateFile, options()));
        assertEquals("killed", death.getMessage());
        List<String> lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
        assertEquals(1 + 12, lines.size(), "header and the results of three scenes");
        // ... and it was killed while appending the next result
        Files.writeString(stateFile, "{\"key\":\"world-test/test-000003:0\",\"split\":\"wor", StandardOpenOption.APPEND);

        ColourEncoder second = new ColourEncoder("colours");
        EvalReport report = run(second, stateFile, options());
        assertEquals(12, progress.resumed);
        assertEquals(12, progress.advanced.get());
        assertEquals(3 * 3 * 2, second.images.get(), "only the three unfinished scenes are encoded");
        assertEquals(24, report.splits().get(0).expressions());
        assertEquals(24, report.splits().get(0).correct());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("dropped an incomplete last record")), report.notes().toString());
        assertEquals(1 + 24, Files.readAllLines(stateFile).size());

        ColourEncoder third = new ColourEncoder("colours");
        EvalReport again = run(third, stateFile, options());
        assertEquals(0, third.images.get(), "a finished evaluation is not redone");
        assertEquals(report.splits(), again.splits());
    }

    @Test
    void limitsAndUnreadableImagesAreCounted() throws Exception {
        Files.delete(dir.resolve("world-test/images/test-000001.png"));
        EvalReport report = run(new ColourEncoder("colours"), dir.resolve("l.state.jsonl"), new Evaluator.Options("", false, false, 10));
        EvalReport.SplitResult row = report.splits().get(0);
        assertEquals(10, row.expressions());
        assertEquals(4, row.failed(), "scene 1's expressions fail: its image is missing");
        assertEquals(6, row.correct());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("test-000001")), report.notes().toString());
    }

    @Test
    void trueMasksAndTheProposersNotesAreReported() throws Exception {
        EvalReport truth = run(new ColourEncoder("colours"), dir.resolve("t.state.jsonl"), new Evaluator.Options("", true, false, 0));
        assertEquals(Map.of("true masks", 24), truth.proposers());
        assertEquals(24, truth.splits().get(0).correct());
        assertTrue(proposers.asked().isEmpty(), "true masks need no proposer");

        String fellBack = "mask proposer 'sam' failed (model files are missing); used 'boxes' instead";
        proposers = new StandInProposers(List.of(fellBack), BoxProposer.named("boxes", List.of()));
        EvalReport fallback = run(new ColourEncoder("colours"), dir.resolve("f.state.jsonl"), options());
        assertEquals(Map.of("boxes", 24), fallback.proposers());
        assertTrue(fallback.notes().stream().anyMatch(n -> n.contains(fellBack)), fallback.notes().toString());
    }

    @Test
    void aNamedProposerThatFailsFailsItsImagesWithoutFallback() throws Exception {
        proposers = new StandInProposers(BoxProposer.named("boxes", List.of()), BoxProposer.broken("sam"));
        EvalReport report = run(new ColourEncoder("colours"), dir.resolve("n.state.jsonl"), new Evaluator.Options("sam", false, false, 0));
        EvalReport.SplitResult row = report.splits().get(0);
        assertEquals(24, row.failed(), report.toString());
        assertEquals(0, row.correct());
        assertTrue(report.notes().stream().anyMatch(n -> n.endsWith("model files are missing")), report.notes().toString());
        assertTrue(proposers.asked().stream().allMatch("sam"::equals), proposers.asked().toString());
    }

    @Test
    void baselinesWithoutMasksNeedNoProposer() throws Exception {
        ScoringSettings reclip = new ScoringSettings(List.of(Representation.CROP, Representation.BLUR), AlphaMode.WHOLE, 100,
                true, "{}", 4, 1);
        try (StateFile state = StateFile.open(dir.resolve("w.state.jsonl"), settings())) {
            EvalReport report = new Evaluator(new FileImages(), new StandInProposers(), new ProposalScorer(List.of(
                    new ColourEncoder("colours")), new ZeroShotClassifierCache(), reclip), parser)
                    .run(List.of(split), options(), state, "reclip", progress);
            assertEquals(Map.of("boxes as masks", 24), report.proposers());
            assertEquals(24, report.splits().get(0).correct(), report.toString());
        }
    }

    /** Delegates until it has encoded {@code budget} images, then fails every call. */
    private static final class DyingEncoder implements AlphaClipEncoder {
        private final AlphaClipEncoder delegate;
        private final AtomicInteger budget;

        DyingEncoder(AlphaClipEncoder delegate, int budget) {
            this.delegate = delegate;
            this.budget = new AtomicInteger(budget);
        }

        @Override
        public ModelInfo model() {
            return delegate.model();
        }

        @Override
        public ImageEncoding encodeImages(List<RegionImage> inputs, EncodeOptions options) throws EncoderException {
            if (budget.addAndGet(-inputs.size()) < 0) {
                throw new EncoderException("killed");
            }
            return delegate.encodeImages(inputs, options);
        }

        @Override
        public float[][] encodeTexts(List<String> texts, boolean truncate) throws EncoderException {
            return delegate.encodeTexts(texts, truncate);
        }

        @Override
        public int[][] tokenize(List<String> texts, boolean truncate) throws EncoderException {
            return delegate.tokenize(texts, truncate);
        }
    }
}
