package org.alphaclip.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.proposal.ProposerRegistry;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.core.internal.task.ConsoleProgressReporting;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.mine.MaskScorer;
import org.alphaclip.ovd.internal.mine.MinedImage;
import org.alphaclip.ovd.internal.mine.MiningJob;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.mine.Ranking;
import org.alphaclip.ovd.internal.mine.Representation;
import org.alphaclip.proposals.internal.boxes.BoxProposer;
import org.alphaclip.proposals.internal.segment.SegmentationComponent;
import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.eval.EvalReport;
import org.alphaclip.rec.internal.eval.EvalRequest;
import org.alphaclip.rec.internal.eval.Evaluator;
import org.alphaclip.rec.internal.eval.StateFile;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.PosTagger;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.dataset.DatasetWriter;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The {@code ovd-mine} and {@code rec-eval} jobs on Spark {@code local[2]} against the single-JVM engines the
 * {@code ovd:mine} and {@code rec:eval} commands run, on the same inputs with the same proposer and model: the same
 * LVIS JSON, summary and skipped list byte for byte; the same per-expression results and accuracy table; a run whose
 * driver died mid-way finishes with only the missing images mined; an existing run refused without {@code --resume}.
 */
class MiningAndEvaluationJobsTest {

    private static final String MODEL = System.getProperty("spark.test.encoder");

    @TempDir
    static Path work;
    private static SparkSession spark;
    private static StandaloneSessions sessions;
    private static OnnxAlphaClipEncoder encoder;
    private static ProposerRegistry proposers;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("mine-eval-test")
                .config("spark.ui.enabled", "false").getOrCreate();
        sessions = StandaloneSessions.cpu(2);
        encoder = new OnnxAlphaClipEncoder(ModelPackageReader.read(Path.of(MODEL)), sessions);
        proposers = new ProposerRegistry(List.of(new SegmentationComponent(
                ConfigDefaults.of(SegmentationComponent.Config.class)), new BoxProposer()));
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
        sessions.close();
    }

    @Test
    void ovdMineEqualsTheSingleJvmMinerAndResumes() throws Exception {
        ClusterFixture.write(work, 3);
        Dataset dataset = Dataset.fromFolders(work.resolve("classes"), work.resolve("classes.txt"));
        assertEquals(13, dataset.items().size());

        Path single = work.resolve("single/mined.json");
        MiningSettings settings = new MiningSettings(single, 0.5, 2, "a {}", encoder.model().name(), "segmentation",
                Representation.ALPHA, Ranking.PROBABILITY);
        ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, dataset.classNames(),
                List.of("a {}"));
        MiningReport expected = new MiningJob(dataset, settings, proposers,
                new MaskScorer(encoder, classifier, Representation.ALPHA), ImageBatches.imageReader(),
                new ConsoleProgressReporting()).run();
        assertEquals(12, expected.withMask());
        assertEquals(1, expected.count(MinedImage.Status.UNREADABLE));

        OvdMineJob.Request request = new OvdMineJob.Request(MODEL, "segmentation", "", "a {}", Representation.ALPHA,
                Ranking.PROBABILITY, 0.5);
        Path clustered = work.resolve("spark/mined.json");
        MiningReport report = OvdMineJob.run(spark, dataset, clustered, request, false, new JobShape(4, 2, 4));
        assertEquals(13, report.minedNow());
        assertSameOutputs(settings, report.settings());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> OvdMineJob.run(spark, dataset, clustered, request, false, new JobShape(4, 2, 4)));
        assertTrue(refused.getMessage().contains("give --resume"), refused.getMessage());

        // a driver killed before the end: the journal lost its last five images and the outputs were never written
        Path state = report.settings().state();
        List<String> lines = Files.readAllLines(state);
        List<String> kept = lines.stream().filter(l -> !l.contains("\"written\"")).toList();
        Files.write(state, kept.subList(0, kept.size() - 5));
        for (Path output : List.of(report.out(), report.settings().summary(), report.settings().skipped())) {
            Files.delete(output);
        }
        MiningReport resumed = OvdMineJob.run(spark, dataset, clustered, request, true, new JobShape(4, 2, 4));
        assertEquals(5, resumed.minedNow(), "only the images the state lacks");
        assertSameOutputs(settings, resumed.settings());
        assertEquals(0, OvdMineJob.run(spark, dataset, clustered, request, true, new JobShape(4, 2, 4)).minedNow());
    }

    private static void assertSameOutputs(MiningSettings expected, MiningSettings actual) throws Exception {
        assertEquals(Files.readString(expected.out()), Files.readString(actual.out()), "LVIS JSON");
        assertEquals(Files.readString(expected.summary()), Files.readString(actual.summary()), "summary CSV");
        assertEquals(Files.readString(expected.skipped()), Files.readString(actual.skipped()), "skipped list");
    }

    @Test
    void recEvalEqualsTheSingleJvmEvaluator() throws Exception {
        Path world = DatasetWriter.write(Renderers.generator("raster"), 3, "test", 8, new SceneSpec(128, 2, 3),
                work.resolve("world"), done -> { }).getParent();
        RecEvalJob.Request request = new RecEvalJob.Request(world.toString(), "", "", List.of(MODEL), "segmentation",
                "", false, false, "", "", Double.NaN, 0);
        EvalRequest evaluation = request.evaluation();
        List<EvalSplit> splits = evaluation.splits();
        Path singleReport = work.resolve("rec-single.json");
        EvalReport expected;
        try (StateFile state = StateFile.open(EvalRequest.stateFile(singleReport),
                evaluation.stateSettings("test", List.of(encoder.model().name()), splits))) {
            expected = new Evaluator(ImageBatches.imageReader(), proposers, new ProposalScorer(List.of(encoder),
                    new ZeroShotClassifierCache(), evaluation.settings()), new ExpressionParser(PosTagger.english()))
                    .run(splits, evaluation.options(), state, evaluation.description(List.of(encoder.model().name())),
                            new ConsoleProgressReporting());
        }
        Map<String, JsonObject> expectedResults = journalRecords(EvalRequest.stateFile(singleReport));
        assertTrue(expected.splits().get(0).expressions() >= 8, expected.toString());

        Path report = work.resolve("rec-spark.json");
        EvalReport actual = RecEvalJob.run(spark, request, report, false, new JobShape(1, 2, 3));
        assertEquals(expected.splits(), actual.splits(), "the accuracy table");
        assertEquals(expected.proposers(), actual.proposers());
        assertEquals(expectedResults, journalRecords(EvalRequest.stateFile(report.toAbsolutePath())),
                "every expression's record");
        assertTrue(Files.readString(report).contains("\"accuracy\""), Files.readString(report));
    }

    /** The records of a journal (a header line, then one {@code payload TAB crc} line per item), by key. */
    private static Map<String, JsonObject> journalRecords(Path journal) throws Exception {
        Map<String, JsonObject> records = new TreeMap<>();
        for (String line : Files.readAllLines(journal).subList(1, Files.readAllLines(journal).size())) {
            JsonObject record = JsonParser.parseString(line.substring(0, line.lastIndexOf('\t'))).getAsJsonObject();
            records.put(record.get("key").getAsString(), record);
        }
        return records;
    }
}
