package org.alphaclip.ovd.internal.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.core.internal.encoder.ZeroShotClassifierCache;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.ovd.internal.eval.AnnotationFile;
import org.alphaclip.ovd.internal.eval.CocoEvaluator;
import org.alphaclip.ovd.internal.eval.Instance;
import org.alphaclip.ovd.internal.eval.IouType;
import org.alphaclip.ovd.internal.eval.Metrics;
import org.alphaclip.ovd.internal.rle.Rle;
import org.alphaclip.ovd.internal.testing.ColourProposer;
import org.alphaclip.ovd.internal.testing.FakeEncoder;
import org.alphaclip.ovd.internal.testing.Pictures;
import org.alphaclip.ovd.internal.testing.RecordingProgress;
import org.alphaclip.sdk.testing.StandInProposers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The data engine on class folders of small pictures: per class k an object drawn with red 20 (k + 1) and a
 * smaller distractor of the next class; picture i of a class has a hole of i x i pixels in its object, so its
 * best mask is less pure and ranks lower.
 */
class MiningJobTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "fox");
    private static final int W = 32;
    private static final int H = 24;

    @TempDir
    Path dir;

    private Path images;
    private List<Instance> truth;

    @BeforeEach
    void writePictures() throws IOException {
        images = dir.resolve("images");
        truth = new ArrayList<>();
        long id = 1;
        for (int k = 0; k < CLASSES.size(); k++) {
            for (int i = 0; i < 3; i++) {
                int red = FakeEncoder.STEP * (k + 1);
                int other = FakeEncoder.STEP * ((k + 1) % CLASSES.size() + 1);
                int x0 = 2 + i;
                Pictures.png(images.resolve(CLASSES.get(k)).resolve("img" + i + ".png"), W, H,
                        new int[] {red, x0, 2, x0 + 16, 16}, new int[] {0, x0 + 4, 4, x0 + 4 + 2 * i, 4 + 2 * i},
                        new int[] {other, 22, 4, 30, 12});
                truth.add(Instance.truth(id++, k + 1, new double[] {x0, 2, 16, 14}, null));
            }
        }
    }

    private MiningReport mine(Path out, double share, FakeEncoder encoder, ColourProposer proposer, String template,
            RecordingProgress progress) throws Exception {
        return mine(out, share, encoder, proposer, template, progress, Ranking.PROBABILITY);
    }

    private MiningReport mine(Path out, double share, FakeEncoder encoder, ColourProposer proposer, String template,
            RecordingProgress progress, Ranking ranking) throws Exception {
        Dataset dataset = Dataset.fromFolders(images, null);
        ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, dataset.classNames(),
                List.of(template));
        MiningSettings settings = new MiningSettings(out, share, 3, template, "fake", "colours", Representation.ALPHA,
                ranking);
        return new MiningJob(dataset, settings, new StandInProposers(proposer), new MaskScorer(encoder, classifier,
                Representation.ALPHA), new ImageFileReader(1 << 24), progress).run();
    }

    private MiningReport mine(Path out, double share, FakeEncoder encoder) throws Exception {
        return mine(out, share, encoder, new ColourProposer(), "a {}", new RecordingProgress());
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void writesLvisJsonWithTheBestMaskOfEveryImage() throws Exception {
        Path out = dir.resolve("out/mined.json");
        MiningReport report = mine(out, 1.0, new FakeEncoder(CLASSES));
        assertEquals(9, report.images());
        assertEquals(9, report.withMask());
        assertEquals(9, report.kept());
        JsonObject lvis = json(out);
        assertTrue(lvis.has("info") && lvis.has("licenses"));

        JsonArray categories = lvis.getAsJsonArray("categories");
        assertEquals(3, categories.size());
        JsonObject cat = categories.get(0).getAsJsonObject();
        assertEquals(1, cat.get("id").getAsInt());
        assertEquals("cat", cat.get("name").getAsString());
        assertEquals("cat", cat.get("synset").getAsString());
        assertEquals("r", cat.get("frequency").getAsString());
        assertEquals(3, cat.get("image_count").getAsInt());

        JsonArray imageList = lvis.getAsJsonArray("images");
        assertEquals(9, imageList.size());
        JsonObject first = imageList.get(0).getAsJsonObject();
        assertEquals(1, first.get("id").getAsInt());
        assertEquals("cat/img0.png", first.get("file_name").getAsString());
        assertEquals(W, first.get("width").getAsInt());
        assertEquals(H, first.get("height").getAsInt());
        assertEquals(0, first.getAsJsonArray("neg_category_ids").size());
        assertEquals(1, first.getAsJsonArray("not_exhaustive_category_ids").get(0).getAsInt());

        JsonArray annotations = lvis.getAsJsonArray("annotations");
        assertEquals(9, annotations.size());
        for (JsonElement element : annotations) {
            JsonObject a = element.getAsJsonObject();
            int id = a.get("image_id").getAsInt();
            Instance expected = truth.get(id - 1);
            assertEquals(expected.categoryId(), a.get("category_id").getAsInt());
            double[] bbox = new double[4];
            for (int i = 0; i < 4; i++) {
                bbox[i] = a.getAsJsonArray("bbox").get(i).getAsDouble();
            }
            assertArrayEquals(expected.bbox(), bbox);
            JsonObject segmentation = a.getAsJsonObject("segmentation");
            assertEquals(H, segmentation.getAsJsonArray("size").get(0).getAsInt());
            assertEquals(W, segmentation.getAsJsonArray("size").get(1).getAsInt());
            Rle mask = Rle.fromCompressed(H, W, segmentation.get("counts").getAsString());
            assertEquals(16 * 14, mask.area());
            assertEquals(mask.area(), a.get("area").getAsLong());
            assertArrayEquals(new int[] {(int) bbox[0], 2, 16, 14}, mask.bbox());
            assertTrue(a.get("score").getAsDouble() > 0.99);
        }

        AnnotationFile mined = AnnotationFile.read(out);
        Metrics box = CocoEvaluator.evaluate(truth, mined.instances(), IouType.BOX);
        assertEquals(1.0, box.ap(), 1e-12);

        List<String> summary = Files.readAllLines(report.settings().summary());
        assertEquals(4, summary.size());
        assertTrue(summary.get(0).startsWith("category_id,synset,name,images,unreadable,no_masks,failed,with_mask,kept"));
        assertTrue(summary.get(1).startsWith("1,cat,cat,3,0,0,0,3,3,r,"), summary.get(1));
        assertEquals(List.of("image_id,file,status,reason"), Files.readAllLines(report.settings().skipped()));
    }

    @Test
    void keepsTheTopShareOfEachClassBestFirst() throws Exception {
        Path out = dir.resolve("mined.json");
        MiningReport report = mine(out, 0.5, new FakeEncoder(CLASSES));
        assertEquals(6, report.kept());
        List<String> files = new ArrayList<>();
        json(out).getAsJsonArray("images").forEach(i -> files.add(i.getAsJsonObject().get("file_name").getAsString()));
        // ceil(0.5 * 3) = 2 per class: the two purest objects (no hole, the 1 x 1 hole)
        assertEquals(List.of("cat/img0.png", "cat/img1.png", "dog/img0.png", "dog/img1.png", "fox/img0.png",
                "fox/img1.png"), files);
    }

    @Test
    void rankingByCosineScoresAnnotationsWithTheCosine() throws Exception {
        Path out = dir.resolve("mined.json");
        mine(out, 1.0, new FakeEncoder(CLASSES), new ColourProposer(), "a {}", new RecordingProgress(), Ranking.COSINE);
        JsonObject lvis = json(out);
        assertEquals("cosine", lvis.getAsJsonObject("info").get("rank").getAsString());
        List<Double> scores = new ArrayList<>();
        lvis.getAsJsonArray("annotations").forEach(a -> scores.add(a.getAsJsonObject().get("score").getAsDouble()));
        // cosines, not probabilities (which saturate at 1 here): picture 2 of each class has the biggest hole
        assertTrue(scores.stream().allMatch(c -> c > 0.99 && c < 1), scores.toString());
        assertTrue(scores.get(2) < scores.get(0) && scores.get(2) < scores.get(1), scores.toString());
        MiningException other = assertThrows(MiningException.class, () -> mine(out, 1.0, new FakeEncoder(CLASSES)));
        assertTrue(other.getMessage().contains("rank was 'cosine', now 'probability'"), other.getMessage());
    }

    @Test
    void aRunKilledMidwayResumesWithoutRedoingFinishedImages() throws Exception {
        Path clean = dir.resolve("clean/mined.json");
        mine(clean, 1.0, new FakeEncoder(CLASSES));

        Path out = dir.resolve("killed/mined.json");
        FakeEncoder dying = new FakeEncoder(CLASSES);
        dying.failAfter(8);
        MiningException stopped = assertThrows(MiningException.class, () -> mine(out, 1.0, dying));
        assertTrue(stopped.getMessage().contains("run the same command again"), stopped.getMessage());
        assertFalse(Files.exists(out));
        long finished = Files.readAllLines(out.resolveSibling("mined.json.state")).size() - 1;
        assertTrue(finished >= 1 && finished < 9, "finished " + finished);

        FakeEncoder counting = new FakeEncoder(CLASSES);
        ColourProposer proposer = new ColourProposer();
        RecordingProgress progress = new RecordingProgress();
        MiningReport report = mine(out, 1.0, counting, proposer, "a {}", progress);
        assertEquals(9 - finished, proposer.calls());
        assertEquals(2 * (9 - finished), counting.encoded());
        assertEquals(9 - finished, report.minedNow());
        assertEquals(9, progress.total);
        assertEquals(finished, progress.resumed);
        assertEquals(9, progress.done.get());
        assertArrayEquals(Files.readAllBytes(clean), Files.readAllBytes(out));

        FakeEncoder idle = new FakeEncoder(CLASSES);
        MiningReport again = mine(out, 1.0, idle);
        assertEquals(0, idle.encoded());
        assertEquals(0, again.minedNow());
        assertFalse(again.outputsChanged());
        assertTrue(again.toString().contains("already up to date"), again.toString());
    }

    @Test
    void aRecordCutShortByAKillIsDroppedAndItsImageRedone() throws Exception {
        Path out = dir.resolve("mined.json");
        mine(out, 1.0, new FakeEncoder(CLASSES));
        Path state = out.resolveSibling("mined.json.state");
        List<String> lines = Files.readAllLines(state);
        // keep the header and four records, then half of the fifth record without its line break
        String cut = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, lines.get(5).length() / 2);
        Files.writeString(state, cut);
        Files.delete(out);

        FakeEncoder counting = new FakeEncoder(CLASSES);
        MiningReport report = mine(out, 1.0, counting);
        assertEquals(5, report.minedNow());
        assertEquals(10, counting.encoded());
        assertEquals(9, report.kept());
        assertTrue(report.toString().contains("warning: state " + state + ": dropped an incomplete last record"),
                report.toString());
        for (String line : Files.readAllLines(state)) {
            assertTrue(line.matches(".*\\t[0-9a-f]{8}"), line);
        }
    }

    @Test
    void aDamagedStateIsReportedAndLeftAlone() throws Exception {
        Path out = dir.resolve("mined.json");
        mine(out, 1.0, new FakeEncoder(CLASSES));
        Path state = out.resolveSibling("mined.json.state");
        String text = Files.readString(state);
        int at = text.indexOf("\"score\":", text.indexOf('\n', text.indexOf('\n') + 1));
        String damaged = text.substring(0, at) + "\"score\":7" + text.substring(at + 9);
        Files.writeString(state, damaged);
        Files.delete(out);

        MiningException e = assertThrows(MiningException.class, () -> mine(out, 1.0, new FakeEncoder(CLASSES)));
        assertTrue(e.getMessage().contains("damaged at line 3") && e.getMessage().contains("check sum"), e.getMessage());
        assertEquals(damaged, Files.readString(state));
        assertFalse(Files.exists(out));
    }

    @Test
    void aStateOfTheEarlierFormatIsRefusedAndLeftAlone() throws Exception {
        Path out = dir.resolve("mined.json");
        mine(out, 1.0, new FakeEncoder(CLASSES));
        Path state = out.resolveSibling("mined.json.state");
        List<String> lines = new ArrayList<>(Files.readAllLines(state));
        String header = lines.get(0).substring(0, lines.get(0).lastIndexOf('\t')).replace("\"version\":2", "\"version\":1");
        CRC32 crc = new CRC32();
        crc.update(header.getBytes(StandardCharsets.UTF_8));
        lines.set(0, header + String.format("\t%08x", crc.getValue()));
        String earlier = String.join("\n", lines) + "\n";
        Files.writeString(state, earlier);

        MiningException e = assertThrows(MiningException.class, () -> mine(out, 1.0, new FakeEncoder(CLASSES)));
        assertTrue(e.getMessage().contains("older ovd:mine (state format 1; this one reads format 2)"), e.getMessage());
        assertEquals(earlier, Files.readString(state));
    }

    /** A proposer that fails on every image with {@code message}. */
    private static MaskProposer failing(String name, String message) {
        return new MaskProposer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
                throw new ProposalException(message);
            }
        };
    }

    /** Mines the pictures with the fake encoder, taking masks from {@code proposers}. */
    private MiningReport mine(MiningSettings settings, MaskProposers proposers) throws Exception {
        Dataset dataset = Dataset.fromFolders(images, null);
        FakeEncoder encoder = new FakeEncoder(CLASSES);
        ZeroShotClassifier classifier = new ZeroShotClassifierCache().classifier(encoder, dataset.classNames(),
                List.of("a {}"));
        return new MiningJob(dataset, settings, proposers, new MaskScorer(encoder, classifier, Representation.ALPHA),
                new ImageFileReader(1 << 24), new RecordingProgress()).run();
    }

    @Test
    void withoutANamedProposerAFailingOneFallsBackWithAWarning() throws Exception {
        Path out = dir.resolve("mined.json");
        MiningReport report = mine(new MiningSettings(out, 1.0, 2, "a {}", "fake", "", Representation.ALPHA,
                Ranking.PROBABILITY), new StandInProposers(failing("broken", "out of order"), new ColourProposer()));
        assertEquals(9, report.withMask());
        assertEquals(9, report.warnings().size());
        assertTrue(report.toString().contains("warning: cat/img0.png: mask proposer 'broken' failed (out of order)"),
                report.toString());
        assertEquals("(the best installed, with fallback)",
                json(out).getAsJsonObject("info").get("proposer").getAsString());
    }

    @Test
    void skippedReasonsAreQuotedAsRfc4180Fields() throws Exception {
        MiningSettings settings = new MiningSettings(dir.resolve("mined.json"), 1.0, 1, "a {}", "fake", "colours",
                Representation.ALPHA, Ranking.PROBABILITY);
        MiningReport report = mine(settings, new StandInProposers(failing("colours", "no masks today,\n\"sorry\"")));
        assertEquals(9, report.count(MinedImage.Status.FAILED));
        String skipped = Files.readString(settings.skipped());
        assertTrue(skipped.startsWith("image_id,file,status,reason\n1,cat/img0.png,failed,\"proposer colours: no masks today,\n\"\"sorry\"\"\"\n"),
                skipped);
    }

    @Test
    void aStateOfOtherSettingsIsNotResumed() throws Exception {
        Path out = dir.resolve("mined.json");
        mine(out, 1.0, new FakeEncoder(CLASSES));
        MiningException e = assertThrows(MiningException.class, () -> mine(out, 1.0, new FakeEncoder(CLASSES),
                new ColourProposer(), "a photo of a {}", new RecordingProgress()));
        assertTrue(e.getMessage().contains("template was 'a {}', now 'a photo of a {}'"), e.getMessage());
    }

    @Test
    void unreadableAndEmptyImagesAreSkippedListedAndNotRetried() throws Exception {
        Files.writeString(images.resolve("cat/broken.png"), "not a picture");
        Pictures.png(images.resolve("dog/black.png"), W, H);
        Path out = dir.resolve("mined.json");
        MiningReport report = mine(out, 1.0, new FakeEncoder(CLASSES));
        assertEquals(11, report.images());
        assertEquals(9, report.withMask());
        assertEquals(1, report.count(MinedImage.Status.UNREADABLE));
        assertEquals(1, report.count(MinedImage.Status.NO_MASKS));
        assertTrue(report.toString().contains("skipped cat/broken.png: unreadable"), report.toString());
        List<String> skipped = Files.readAllLines(report.settings().skipped());
        assertEquals(3, skipped.size());
        assertTrue(skipped.get(1).startsWith("1,cat/broken.png,unreadable,"), skipped.get(1));
        assertTrue(skipped.get(2).contains("dog/black.png,no-masks,proposer colours found no masks"), skipped.get(2));
        assertEquals(9, json(out).getAsJsonArray("annotations").size());

        ColourProposer proposer = new ColourProposer();
        mine(out, 1.0, new FakeEncoder(CLASSES), proposer, "a {}", new RecordingProgress());
        assertEquals(0, proposer.calls());
    }

    @Test
    void neverOverwritesAnOutputItDidNotWrite() throws Exception {
        Path out = dir.resolve("mined.json");
        Files.writeString(out, "{\"finished\": true}");
        MiningException e = assertThrows(MiningException.class, () -> mine(out, 1.0, new FakeEncoder(CLASSES)));
        assertTrue(e.getMessage().contains("not this run's output"), e.getMessage());
        assertEquals("{\"finished\": true}", Files.readString(out));
        assertFalse(Files.exists(out.resolveSibling("mined.json.state")));
    }

    @Test
    void rewritesItsOwnOutputForAnotherShareButNotAnEditedOne() throws Exception {
        Path out = dir.resolve("mined.json");
        mine(out, 1.0, new FakeEncoder(CLASSES));
        FakeEncoder idle = new FakeEncoder(CLASSES);
        MiningReport half = mine(out, 0.5, idle);
        assertEquals(0, idle.encoded());
        assertEquals(6, json(out).getAsJsonArray("annotations").size());
        assertTrue(half.replaced().contains(out), half.toString());
        assertTrue(half.toString().contains("replaced " + out), half.toString());

        Files.writeString(out, Files.readString(out).replace("\"score\"", "\"Score\""), StandardOpenOption.TRUNCATE_EXISTING);
        String edited = Files.readString(out);
        MiningException e = assertThrows(MiningException.class, () -> mine(out, 1.0, new FakeEncoder(CLASSES)));
        assertTrue(e.getMessage().contains("was not overwritten"), e.getMessage());
        assertEquals(edited, Files.readString(out));
    }

    @Test
    void anEncoderFailureStopsTheRunWithASentence() throws Exception {
        FakeEncoder broken = new FakeEncoder(CLASSES);
        broken.failAfter(0);
        MiningException e = assertThrows(MiningException.class, () -> mine(dir.resolve("m.json"), 1.0, broken));
        assertTrue(e.getMessage().startsWith("ovd:mine stopped while mining"), e.getMessage());
        assertTrue(e.getCause() instanceof EncoderException);
    }

    @Test
    void readsListFilesWithAClassMap() throws Exception {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# image label\ncat/img0.png n1\ndog/img1.png n2\n\nfox/img2.png n1\n", StandardCharsets.UTF_8);
        Path map = dir.resolve("classes.txt");
        Files.writeString(map, "n1 cat, kitty\nn2 dog\nn3\n");
        Dataset dataset = Dataset.fromList(images, list, map);
        assertEquals(List.of("cat", "dog", "n3"), dataset.classNames());
        assertEquals("n1", dataset.classes().get(0).key());
        assertEquals(List.of(new Dataset.Item(1, "cat/img0.png", 0), new Dataset.Item(2, "dog/img1.png", 1),
                new Dataset.Item(3, "fox/img2.png", 0)), dataset.items());

        Files.writeString(list, "cat/img0.png n1\ndog/img1.png zzz\n");
        IOException unknown = assertThrows(IOException.class, () -> Dataset.fromList(images, list, map));
        assertTrue(unknown.getMessage().contains("line 2 'zzz'"), unknown.getMessage());

        Path folderMap = dir.resolve("folders.txt");
        Files.writeString(folderMap, "cat a cat\ndog a dog\n");
        IOException folder = assertThrows(IOException.class, () -> Dataset.fromFolders(images, folderMap));
        assertTrue(folder.getMessage().contains("'fox'"), folder.getMessage());
    }
}
