package org.alphaclip.ovd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.ovd.internal.classify.LabelPainter;
import org.alphaclip.ovd.internal.classify.RegionClassifier;
import org.alphaclip.ovd.internal.classify.RegionLabel;
import org.alphaclip.ovd.internal.classify.RegionSources;
import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.eval.CocoEvaluator;
import org.alphaclip.ovd.internal.eval.IouType;
import org.alphaclip.ovd.internal.eval.Metrics;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.mine.MaskScorer;
import org.alphaclip.ovd.internal.mine.MiningJob;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.mine.Ranking;
import org.alphaclip.ovd.internal.mine.Representation;
import org.alphaclip.ovd.internal.testing.RecordingProgress;
import org.alphaclip.ovd.internal.testing.WorldData;
import org.alphaclip.sdk.io.Npy;
import org.alphaclip.sdk.testing.StandInProposers;
import org.alphaclip.world.SceneSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plumbing with the real encoder on ONNX Runtime and the fixture model package (random weights, so the
 * numbers mean nothing; they only have to be well formed). Skipped when core-impl's build has not made the
 * fixture.
 */
class RealEncoderTest {

    private static StandaloneSessions sessions;
    private static OnnxAlphaClipEncoder encoder;

    @TempDir
    Path dir;

    @BeforeAll
    static void openEncoder() throws Exception {
        Path fixture = Path.of(System.getProperty("ovd.test.fixture", "none"));
        assumeTrue(Files.isRegularFile(fixture.resolve("manifest.json")), "no fixture model package at " + fixture);
        sessions = StandaloneSessions.open();
        encoder = new OnnxAlphaClipEncoder(ModelPackageReader.read(fixture), sessions);
    }

    @AfterAll
    static void closeEncoder() {
        if (encoder != null) {
            encoder.close();
        }
        if (sessions != null) {
            sessions.close();
        }
    }

    @Test
    void classifierIsAFloat32NpyOfUnitRowsInVocabularyOrder() throws Exception {
        List<String> names = List.of("red circle", "blue square", "green star");
        ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, names, List.of("a {}"));
        Path npy = dir.resolve("classifier.npy");
        Npy.write(npy, classifier.rows());

        byte[] bytes = Files.readAllBytes(npy);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        int dim = encoder.model().embedDim();
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3, " + dim + "), }", header.strip());
        assertEquals(10 + headerLength + 3 * dim * 4, bytes.length);

        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 3 * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < 3; row++) {
            float[] expected = ZeroShotClassifier.unit(encoder.encodeTexts(List.of("a " + names.get(row)), true)[0]);
            float[] actual = new float[dim];
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                actual[i] = data.getFloat();
                norm += actual[i] * actual[i];
            }
            assertEquals(1.0, norm, 1e-5);
            assertArrayEquals(expected, actual, 1e-6f);
        }
    }

    @Test
    void minesWorldScenesEndToEndWithEveryRepresentation() throws Exception {
        Path images = dir.resolve("classes");
        WorldData world = WorldData.write(images, 8, 100, SceneSpec.DEFAULT.withSize(96).withObjects(2, 3));
        Dataset dataset = Dataset.fromFolders(images, null);
        ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, dataset.classNames(),
                List.of("a {}"));
        for (Representation r : Representation.values()) {
            Path out = dir.resolve(r.optionName() + "/mined.json");
            MiningSettings settings = new MiningSettings(out, 1.0, 3, "a {}", "fixture-full", "world+distractors", r,
                    Ranking.PROBABILITY);
            MiningReport report = new MiningJob(dataset, settings, new StandInProposers(world.proposer(true)),
                    new MaskScorer(encoder, classifier, r), new ImageFileReader(1 << 24), new RecordingProgress()).run();
            assertEquals(world.size(), report.withMask(), report.toString());
            AnnotationFile mined = AnnotationFile.read(out);
            assertEquals(world.size(), mined.instances().size());
            mined.instances().forEach(i -> assertTrue(i.score() >= 0 && i.score() <= 1, i.toString()));
            Metrics box = CocoEvaluator.evaluate(world.truth(dataset), mined.instances(), IouType.BOX);
            Metrics mask = CocoEvaluator.evaluate(world.truth(dataset), mined.instances(), IouType.MASK);
            assertTrue(box.ap() >= 0 && box.ap() <= 1 && mask.ap() >= 0 && mask.ap() <= 1, box + " " + mask);
        }
    }

    @Test
    void labelsProposedRegionsAndDrawsThem() throws Exception {
        Path images = dir.resolve("classes");
        WorldData world = WorldData.write(images, 3, 7, SceneSpec.DEFAULT.withSize(128).withObjects(2, 2));
        Dataset dataset = Dataset.fromFolders(images, null);
        RgbImage image = new ImageFileReader(1 << 24).readImage(dataset.resolve(dataset.items().get(0)));
        var regions = RegionSources.proposals(world.proposer(false).propose(image, ProposalRequest.automatic()));
        ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, List.of("red circle", "blue star",
                "green square"), List.of("a {}"));
        List<RegionLabel> labels = new RegionClassifier(encoder, classifier).classify(image, regions, 2);
        assertEquals(regions.size(), labels.size());
        for (RegionLabel label : labels) {
            assertEquals(2, label.labels().size());
            assertTrue(label.labels().get(0).probability() >= label.labels().get(1).probability());
        }
        Path png = dir.resolve("labels.png");
        LabelPainter.write(image, labels, png);
        BufferedImage picture = ImageIO.read(png.toFile());
        assertEquals(image.width(), picture.getWidth());
        assertEquals(image.height(), picture.getHeight());
    }
}
