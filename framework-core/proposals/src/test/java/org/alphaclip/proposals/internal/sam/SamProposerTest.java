package org.alphaclip.proposals.internal.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The {@code sam} proposer through the MaskProposer API, and what it says about missing and broken packages. */
class SamProposerTest {

    @TempDir
    static Path tmp;

    private static StandaloneSessions sessions;
    private static Path packageDir;

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.open();
        packageDir = SamFixtures.writePackage(tmp.resolve("sam"));
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    private static JsonObject primary() {
        return SamFixtures.list("images").stream().filter(i -> i.get("primary").getAsBoolean()).findFirst().orElseThrow();
    }

    private static JsonObject caseOf(String stem, String name) {
        return SamFixtures.list("cases").stream().filter(c -> c.get("id").getAsString().equals(stem + "__" + name)).findFirst()
                .orElseThrow();
    }

    @Test
    void boxAndPointPromptsGiveThePredictorsMasks() throws Exception {
        String stem = primary().get("stem").getAsString();
        RgbImage image = SamFixtures.rgb(stem);
        JsonArray b = caseOf(stem, "box").getAsJsonArray("box_xyxy_original");
        JsonArray p = caseOf(stem, "point1").getAsJsonArray("point_coords_xy_original").get(0).getAsJsonArray();
        Region.Box box = new Region.Box(b.get(0).getAsDouble(), b.get(1).getAsDouble(), b.get(2).getAsDouble(), b.get(3).getAsDouble());
        Region.Point point = new Region.Point(p.get(0).getAsDouble(), p.get(1).getAsDouble());
        try (SamProposer sam = new SamProposer(SamPackage.read(packageDir), sessions, AmgSettings.DEFAULTS, 100, r -> { })) {
            List<MaskProposal> out = sam.propose(image, new ProposalRequest(List.of(box), List.of(point), 0));
            assertEquals(2, out.size());
            float[] boxIou = SamFixtures.floats(stem + "__box__iou_predictions");
            assertMaskIs(out.get(0), stem + "__box__masks_binary", 0, image);
            assertEquals(Math.min(1.0, boxIou[0]), out.get(0).score(), 1e-4);
            assertTrue(out.get(0).source().startsWith("sam:box 1"), out.get(0).source());
            float[] pointIou = SamFixtures.floats(stem + "__point1__iou_predictions");
            int best = SamProposer.bestMultimask(pointIou);
            assertTrue(best >= 1 && best <= 3);
            assertMaskIs(out.get(1), stem + "__point1__masks_binary", best, image);
            assertTrue(out.get(1).source().startsWith("sam:point 1"), out.get(1).source());
        }
    }

    @Test
    void automaticProposalsAreTheGeneratorsOutput() throws Exception {
        JsonObject run = SamFixtures.list("amg").get(0);
        String stem = SamFixtures.stem(run.get("image").getAsString());
        RgbImage image = SamFixtures.rgb(stem);
        AmgSettings settings = AutomaticMasksParityTest.settings(run.getAsJsonObject("settings"));
        try (SamProposer sam = new SamProposer(SamPackage.read(packageDir), sessions, settings, 100, r -> { })) {
            List<MaskProposal> out = sam.propose(image, ProposalRequest.automatic());
            JsonArray records = run.getAsJsonArray("records");
            assertEquals(records.size(), out.size());
            for (int i = 0; i < out.size(); i++) {
                JsonObject record = records.get(i).getAsJsonObject();
                JsonArray bbox = record.getAsJsonArray("bbox");
                Region.Box box = out.get(i).box();
                assertEquals(bbox.get(0).getAsInt(), (int) box.x0());
                assertEquals(bbox.get(1).getAsInt(), (int) box.y0());
                assertEquals(bbox.get(0).getAsInt() + bbox.get(2).getAsInt() + 1, (int) box.x1());
                assertEquals(bbox.get(1).getAsInt() + bbox.get(3).getAsInt() + 1, (int) box.y1());
                assertEquals(Math.min(1.0, record.get("predicted_iou").getAsDouble()), out.get(i).score(), 1e-4);
                assertTrue(out.get(i).source().startsWith("sam:auto"), out.get(i).source());
            }
        }
    }

    @Test
    void promptsOutsideTheImageAreRejectedBeforeLoading() throws Exception {
        RgbImage image = SamFixtures.rgb(primary().get("stem").getAsString());
        try (SamProposer sam = new SamProposer(SamPackage.read(packageDir), sessions, AmgSettings.DEFAULTS, 100, r -> { })) {
            ProposalException box = assertThrows(ProposalException.class, () -> sam.propose(image,
                    ProposalRequest.forBoxes(List.of(new Region.Box(500, 500, 600, 600)))));
            assertTrue(box.getMessage().contains("Box 1") && box.getMessage().contains("outside"), box.getMessage());
            ProposalException point = assertThrows(ProposalException.class, () -> sam.propose(image,
                    new ProposalRequest(List.of(), List.of(new Region.Point(10, 10), new Region.Point(10, 1000)), 0)));
            assertTrue(point.getMessage().contains("Point 2"), point.getMessage());
        }
    }

    @Test
    void missingPackageSaysWhere() {
        Path missing = tmp.resolve("nowhere");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> SamPackage.read(missing));
        assertTrue(e.getMessage().startsWith("SAM package missing at " + missing.toAbsolutePath()), e.getMessage());
    }

    @Test
    void brokenManifestsAreExplained() throws Exception {
        Path dir = copy("bad-manifest");
        Path manifest = dir.resolve(SamPackage.MANIFEST);
        String good = Files.readString(manifest);
        Files.writeString(manifest, "{ not json", StandardCharsets.UTF_8);
        assertMessage(dir, "is not valid JSON");
        Files.writeString(manifest, good.replace(SamPackage.FORMAT, "something-else"), StandardCharsets.UTF_8);
        assertMessage(dir, "format is 'something-else'");
        Files.writeString(manifest, good.replace("\"file\": \"decoder.onnx\"", "\"file\": \"../decoder.onnx\""),
                StandardCharsets.UTF_8);
        assertMessage(dir, "lies outside the package folder");
        Files.writeString(manifest, good.replace("\"bilinear\"", "\"bicubic\""), StandardCharsets.UTF_8);
        assertMessage(dir, "not supported; expected longest-side/bilinear");
        Files.writeString(manifest, good, StandardCharsets.UTF_8);
        Files.delete(dir.resolve("encoder.onnx"));
        assertMessage(dir, "encoder.onnx is missing");
        Files.delete(manifest);
        assertMessage(dir, "has no " + SamPackage.MANIFEST);
    }

    @Test
    void truncatedGraphIsCaughtOnRead() throws Exception {
        Path dir = copy("truncated");
        byte[] bytes = Files.readAllBytes(dir.resolve("decoder.onnx"));
        Files.write(dir.resolve("decoder.onnx"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertMessage(dir, "decoder.onnx has " + (bytes.length - 100) + " bytes, the manifest says " + bytes.length);
    }

    @Test
    void tamperedGraphIsCaughtOnFirstUseAndReportedOnce() throws Exception {
        Path dir = copy("tampered");
        byte[] bytes = Files.readAllBytes(dir.resolve("decoder.onnx"));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(dir.resolve("decoder.onnx"), bytes);
        SamPackage read = SamPackage.read(dir);
        List<String> reports = new ArrayList<>();
        RgbImage image = SamFixtures.rgb(primary().get("stem").getAsString());
        try (SamProposer sam = new SamProposer(read, sessions, AmgSettings.DEFAULTS, 100, reports::add)) {
            ProposalException first = assertThrows(ProposalException.class, () -> sam.propose(image,
                    ProposalRequest.forBoxes(List.of(new Region.Box(10, 10, 50, 50)))));
            assertTrue(first.getMessage().contains("is damaged: decoder.onnx has SHA-256"), first.getMessage());
            ProposalException second = assertThrows(ProposalException.class, () -> sam.propose(image, ProposalRequest.automatic()));
            assertEquals(first.getMessage(), second.getMessage());
        }
        assertEquals(1, reports.size());
    }

    private static void assertMessage(Path dir, String expected) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> SamPackage.read(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Path copy(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        for (String file : List.of("encoder.onnx", "decoder.onnx", SamPackage.MANIFEST)) {
            Files.copy(packageDir.resolve(file), dir.resolve(file));
        }
        return dir;
    }

    private static void assertMaskIs(MaskProposal proposal, String bitsName, int index, RgbImage image) {
        boolean[] bits = SamFixtures.bits(bitsName);
        int plane = image.width() * image.height();
        BinaryMask mask = BinaryMask.of(proposal.mask(), 255);
        int differing = 0;
        for (int i = 0; i < plane; i++) {
            differing += bits[index * plane + i] != mask.pixels()[i] ? 1 : 0;
        }
        assertTrue(differing <= Math.max(10, plane / 10_000), bitsName + "[" + index + "] differs in " + differing + " pixels");
        assertEquals(mask.box(), proposal.box());
    }
}
