package org.alphaclip.ovd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.testing.ColourProposer;
import org.alphaclip.ovd.internal.testing.FakeEncoder;
import org.alphaclip.ovd.internal.testing.Pictures;
import org.alphaclip.ovd.internal.testing.RecordingProgress;
import org.alphaclip.sdk.io.Npy;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.alphaclip.sdk.testing.StandInEncoders;
import org.alphaclip.sdk.testing.StandInProposers;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.Reflective;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The {@code ovd:*} commands over stand-ins of the platform's services: the configured defaults, the typed
 * numeric options and their range checks, the warnings about cut class names, the proposer check before a
 * mining run, and the rules {@code ovd:evaluate} scores by (LVIS's for LVIS files, COCO's for others).
 */
class OvdCommandsTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");
    private static final String LONG_NAME = "fox";

    @TempDir
    Path dir;

    private StandInEncoders encoders;
    private OvdCommands commands;
    private Path vocabulary;

    /** Classifiers that report the prompts of {@value #LONG_NAME} as cut, as a model with a short context would. */
    private static final class CuttingClassifiers implements ZeroShotClassifiers {
        @Override
        public ZeroShotClassifier classifier(AlphaClipEncoder encoder, List<String> labels, List<String> templates)
                throws EncoderException {
            ZeroShotClassifier plain = new ZeroShotClassifierCache().classifier(encoder, labels, templates);
            return new ZeroShotClassifier(plain.model(), labels, templates, plain.rows(), plain.logitScale(),
                    labels.contains(LONG_NAME) ? List.of(LONG_NAME) : List.of());
        }
    }

    @BeforeEach
    void commands() throws IOException {
        encoders = new StandInEncoders(new FakeEncoder(CLASSES));
        commands = new OvdCommands(context(), CommandFuzzing.defaults(OvdCommands.Config.class), encoders,
                new CuttingClassifiers(), new StandInProposers(new ColourProposer()), new ImageFileReader(1 << 24),
                new RecordingProgress());
        vocabulary = Files.writeString(dir.resolve("vocabulary.txt"), String.join("\n", CLASSES) + "\n");
    }

    private static BundleContext context() {
        ClassLoader loader = OvdCommandsTest.class.getClassLoader();
        Bundle bundle = (Bundle) Proxy.newProxyInstance(loader, new Class<?>[] {Bundle.class},
                (proxy, method, args) -> new Version(1, 2, 3));
        return (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> bundle);
    }

    private Path images() throws IOException {
        Path images = dir.resolve("images");
        for (int k = 0; k < CLASSES.size(); k++) {
            Pictures.png(images.resolve(CLASSES.get(k)).resolve("a.png"), 32, 24,
                    new int[] {FakeEncoder.STEP * (k + 1), 2, 2, 18, 16});
        }
        return images;
    }

    @Test
    void absentNumbersOfMineAreTheConfiguredDefaults() throws Exception {
        MiningReport report = commands.mine(images().toString(), dir.resolve("mined.json").toString(), "", "", "", "",
                Double.NaN, 0, "", "alpha", "probability");
        assertEquals(4, report.settings().threads());
        assertEquals(MiningSettings.PAPER_TOP_SHARE, report.settings().topShare());
        assertEquals(3, report.withMask());
        assertTrue(report.toString().contains("warning: 1 class name(s) made prompts longer than the context of model"
                + " fake, which were cut to fit: 'fox'"), report.toString());
        assertEquals(0, encoders.open());
    }

    @Test
    void numericOptionsAreRangeChecked() throws Exception {
        String images = images().toString();
        String out = dir.resolve("mined.json").toString();
        assertEquals("--top-share must be between 0 and 1, got 1.5", assertThrows(IllegalArgumentException.class,
                () -> commands.mine(images, out, "", "", "", "", 1.5, 0, "", "alpha", "probability")).getMessage());
        assertEquals("--top-share must be a positive number, got 0", assertThrows(IllegalArgumentException.class,
                () -> commands.mine(images, out, "", "", "", "", 0, 0, "", "alpha", "probability")).getMessage());
        assertEquals("--threads must be 1..256, got 300", assertThrows(IllegalArgumentException.class,
                () -> commands.mine(images, out, "", "", "", "", Double.NaN, 300, "", "alpha", "probability")).getMessage());
        assertEquals("--top must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> commands.classify("a.png", "", "", "", vocabulary.toString(), "", "", "", 0, false)).getMessage());
        assertFalse(Files.exists(dir.resolve("mined.json.state")));
    }

    @Test
    void aMiningRunNamingAProposerThatIsNotInstalledIsRefusedBeforeTheModelLoads() throws Exception {
        String images = images().toString();
        ProposalException e = assertThrows(ProposalException.class, () -> commands.mine(images,
                dir.resolve("mined.json").toString(), "", "", "sam", "", Double.NaN, 0, "", "alpha", "probability"));
        assertEquals("Mask proposer 'sam' is not installed; installed: colours", e.getMessage());
        assertEquals(0, encoders.open());
    }

    @Test
    void theClassifierIsWrittenWithAWarningAboutCutNames() throws Exception {
        Path npy = dir.resolve("classifier.npy");
        OvdCommands.ClassifierExport export = commands.classifier(vocabulary.toString(), npy.toString(), "", "");
        FloatTensor rows = Npy.read(npy);
        assertEquals(List.of(3L, (long) FakeEncoder.DIM), List.of(rows.shape()[0], rows.shape()[1]));
        assertTrue(export.toString().contains("\nwarning: 1 class name(s) made prompts longer"), export.toString());
    }

    @Test
    void classifyBindsTypedOptionsThroughGogoAndSaysItsWarnings() throws Exception {
        Path image = Pictures.png(dir.resolve("scene.png"), 48, 32, new int[] {FakeEncoder.STEP, 2, 2, 20, 20},
                new int[] {FakeEncoder.STEP * 2, 24, 4, 44, 28});
        Path boxes = Files.writeString(dir.resolve("boxes.json"), "[[2, 2, 20, 20], {\"bbox\": [24, 4, 20, 24]}]");
        var session = new CommandProcessorImpl().createSession(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new ByteArrayOutputStream());
        Object result = Reflective.invoke(session, commands, "classify", List.of("--image", image.toString(), "--boxes",
                boxes.toString(), "--vocabulary", vocabulary.toString(), "--top", "2", "--json"));
        JsonObject json = JsonParser.parseString(result.toString()).getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("regions").size());
        JsonObject second = json.getAsJsonArray("regions").get(1).getAsJsonObject();
        assertEquals("boxes.json #2", second.get("source").getAsString());
        assertEquals("[24,4,44,28]", second.get("box").toString());
        assertEquals(2, second.getAsJsonArray("labels").size());
        assertTrue(json.getAsJsonArray("warnings").get(0).getAsString().contains("'fox'"), json.toString());
        assertEquals(0, encoders.open());
    }

    @Test
    void evaluateScoresAnLvisFileByLvisRulesAndACocoFileByCocoRules() throws Exception {
        // image 2 says nothing about category 1: LVIS leaves its detection out (AP 1), COCO counts it as a false
        // positive ranked first (AP 0.5)
        String images = "[{\"id\": 1, \"width\": 100, \"height\": 100%s}, {\"id\": 2, \"width\": 100, \"height\": 100%s}]";
        String annotations = "[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 50, 50], \"area\": 2500}]";
        String lvisLabels = ", \"neg_category_ids\": [], \"not_exhaustive_category_ids\": []";
        Path lvis = Files.writeString(dir.resolve("lvis.json"), "{\"images\": " + images.formatted(lvisLabels, lvisLabels)
                + ", \"categories\": [{\"id\": 1, \"name\": \"cat\", \"frequency\": \"f\"}], \"annotations\": "
                + annotations + "}");
        Path coco = Files.writeString(dir.resolve("coco.json"), "{\"images\": " + images.formatted("", "")
                + ", \"categories\": [{\"id\": 1, \"name\": \"cat\"}], \"annotations\": " + annotations + "}");
        Path results = Files.writeString(dir.resolve("results.json"), "[{\"image_id\": 2, \"category_id\": 1, \"bbox\":"
                + " [10, 10, 50, 50], \"score\": 0.9}, {\"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 50, 50],"
                + " \"score\": 0.8}]");

        String byLvis = commands.evaluate(lvis.toString(), results.toString(), false).toString();
        assertTrue(byLvis.startsWith("box  AP 1.000  AP50 1.000  AP75 1.000  APs n/a  APm 1.000  APl n/a  APr n/a  APc n/a"
                + "  APf 1.000  AR@300 1.000  ARs n/a  ARm 1.000  ARl n/a  (1 images, 1 categories: 0 r, 0 c, 1 f)"), byLvis);
        assertTrue(byLvis.endsWith("(LVIS rules as lvis-api: negative and not-exhaustive categories per image, at most 300"
                + " detections per image, area ranges, frequency groups r/c/f)"), byLvis);
        String byCoco = commands.evaluate(coco.toString(), results.toString(), false).toString();
        assertTrue(byCoco.startsWith("box  AP 0.500"), byCoco);
        assertTrue(byCoco.endsWith("(COCO rules without crowd regions and area ranges)"), byCoco);

        var session = new CommandProcessorImpl().createSession(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new ByteArrayOutputStream());
        Object json = Reflective.invoke(session, commands, "evaluate", List.of("--truth", lvis.toString(), "--results",
                results.toString(), "--json"));
        JsonObject parsed = JsonParser.parseString(json.toString()).getAsJsonObject();
        assertEquals("lvis", parsed.get("rules").getAsString());
        JsonObject box = parsed.getAsJsonArray("metrics").get(0).getAsJsonObject();
        assertEquals("BOX", box.get("type").getAsString());
        assertEquals(1.0, box.get("apFrequent").getAsDouble(), 1e-12);
        assertEquals(-1.0, box.get("apRare").getAsDouble());

        Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), "[{\"image_id\": 9, \"category_id\": 1,"
                + " \"bbox\": [0, 0, 5, 5], \"score\": 1}]");
        assertEquals("The results name image 9, which the LVIS ground truth does not list (lvis-api refuses such results"
                + " too)", assertThrows(IllegalArgumentException.class,
                        () -> commands.evaluate(lvis.toString(), elsewhere.toString(), false)).getMessage());
    }
}
