package org.alphaclip.proposals.internal.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The SAM package of the fixture's graphs through ONNX Runtime against the official outputs: image
 * embeddings, and for every prompt case the decoder's upscaled logits, IoU predictions, low-resolution
 * logits and binary masks (post-processed at the original size), plus the graph's geometry cases.
 * Binary pixels may flip only where the logit is within the logit tolerance of the threshold.
 */
class SamDecoderParityTest {

    @TempDir
    static Path tmp;

    private static StandaloneSessions sessions;
    private static SamModel model;
    private static final Map<String, SamModel.Embedding> EMBEDDINGS = new HashMap<>();

    @BeforeAll
    static void open() throws Exception {
        sessions = StandaloneSessions.open();
        model = SamModel.open(SamPackage.read(SamFixtures.writePackage(tmp.resolve("sam"))), sessions);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (sessions != null) {
            sessions.close();
        }
    }

    private static synchronized SamModel.Embedding ownEmbedding(String stem) throws Exception {
        SamModel.Embedding e = EMBEDDINGS.get(stem);
        if (e == null) {
            e = model.embed(SamFixtures.rgb(stem));
            EMBEDDINGS.put(stem, e);
        }
        return e;
    }

    @Test
    void imageEmbeddingsMatch() throws Exception {
        for (JsonObject image : SamFixtures.list("images")) {
            String stem = image.get("stem").getAsString();
            boolean full = image.get("primary").getAsBoolean();
            float[] reference = SamFixtures.floats(full ? "image_embeddings__" + stem : "image_embeddings_ch0-3__" + stem);
            float[] mine = ownEmbedding(stem).embedding().data();
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < reference.length; i++) {
                worst = Math.max(worst, Math.abs(reference[i] - mine[i]));
                scale = Math.max(scale, Math.abs(reference[i]));
            }
            System.out.printf(Locale.ROOT, "[sam-parity] encoder %s (%s): max |diff| %.3g (max |ref| %.3g)%n", stem,
                    full ? "all channels" : "channels 0-3", worst, scale);
            assertTrue(worst <= 1e-4 * scale + 1e-5, stem + " embedding differs by " + worst);
        }
    }

    @Test
    void decoderOutputsMatchEveryCase() throws Exception {
        double worstLogits = 0;
        double worstIou = 0;
        double worstLowRes = 0;
        int worstFlips = 0;
        for (JsonObject c : SamFixtures.list("cases")) {
            String id = c.get("id").getAsString();
            JsonObject image = SamFixtures.image(c.get("image").getAsString());
            String stem = image.get("stem").getAsString();
            boolean primary = image.get("primary").getAsBoolean();
            SamModel.Embedding embedding = primary ? fixtureEmbedding(stem, dims(image.getAsJsonArray("original_size_hw")))
                    : ownEmbedding(stem);
            SamPrompt prompt = SamPreprocessingTest.prompt(c);
            if (prompt.maskInput() == null && c.has("mask_input") && !c.get("mask_input").isJsonNull()) {
                prompt = new SamPrompt(prompt.points(), prompt.labels(), prompt.box(), refinementInput(embedding, c));
            }
            SamModel.Masks masks = model.decode(embedding, prompt, true);
            float[] refIou = SamFixtures.floats(id + "__iou_predictions");
            for (int i = 0; i < refIou.length; i++) {
                worstIou = Math.max(worstIou, Math.abs(refIou[i] - masks.iou()[i]));
            }
            double scale = maxAbs(masks.logits());
            double logitTolerance = 1e-3 * scale;
            if (SamFixtures.hasArray(id + "__masks")) {
                float[] ref = SamFixtures.floats(id + "__masks");
                double d = maxDiff(ref, masks.logits());
                worstLogits = Math.max(worstLogits, d / maxAbs(ref));
                assertTrue(d <= 1e-3 * maxAbs(ref), id + " mask logits differ by " + d);
            }
            if (SamFixtures.hasArray(id + "__low_res_masks")) {
                float[] ref = SamFixtures.floats(id + "__low_res_masks");
                worstLowRes = Math.max(worstLowRes, maxDiff(ref, masks.lowRes()) / maxAbs(ref));
            } else if (SamFixtures.hasArray(id + "__low_res_masks_stride4")) {
                float[] ref = SamFixtures.floats(id + "__low_res_masks_stride4");
                worstLowRes = Math.max(worstLowRes, maxDiff(ref, stride4(masks.lowRes(), masks.count())) / maxAbs(ref));
            }
            boolean[] bits = SamFixtures.bits(id + "__masks_binary");
            int flips = 0;
            float threshold = model.samPackage().maskThreshold();
            for (int i = 0; i < bits.length; i++) {
                float v = masks.logits()[i];
                if (bits[i] != v > threshold) {
                    flips++;
                    assertTrue(Math.abs(v - threshold) <= logitTolerance, id + " pixel " + i + " flipped with logit " + v);
                }
            }
            worstFlips = Math.max(worstFlips, flips);
            System.out.printf(Locale.ROOT, "[sam-parity] decoder %s (%s embedding): iou %s, flipped pixels %d of %d%n", id,
                    primary ? "official" : "own", java.util.Arrays.toString(masks.iou()), flips, bits.length);
        }
        System.out.printf(Locale.ROOT, "[sam-parity] decoder worst: logits %.3g x max|ref|, low-res %.3g x max|ref|, "
                + "IoU %.3g, flipped pixels %d per case%n", worstLogits, worstLowRes, worstIou, worstFlips);
        assertTrue(worstIou <= 1e-4, "IoU predictions differ by " + worstIou);
        assertTrue(worstLowRes <= 1e-3, "low-res logits differ by " + worstLowRes + " x max|ref|");
    }

    @Test
    void decoderGeometryCasesMatch() throws Exception {
        for (JsonObject g : SamFixtures.list("geometry_cases")) {
            String id = g.get("id").getAsString();
            int[] size = dims(g.getAsJsonArray("orig_im_size"));
            String embeddingName = g.get("embedding").getAsString();
            SamModel.Embedding embedding = new SamModel.Embedding(new FloatTensor(new long[] {1, 256, 64, 64},
                    SamFixtures.floats(embeddingName)), SamGeometry.of(size[0], size[1], 1024));
            JsonArray points = g.getAsJsonArray("point_coords_1024_frame");
            JsonArray labels = g.getAsJsonArray("point_labels");
            float[] coords = new float[points.size() * 2];
            float[] l = new float[labels.size()];
            for (int i = 0; i < points.size(); i++) {
                coords[2 * i] = points.get(i).getAsJsonArray().get(0).getAsFloat();
                coords[2 * i + 1] = points.get(i).getAsJsonArray().get(1).getAsFloat();
                l[i] = labels.get(i).getAsFloat();
            }
            SamModel.Masks masks = model.decode(embedding, coords, l, null, false);
            assertEquals(size[0], masks.height());
            assertEquals(size[1], masks.width());
            JsonArray iou = g.getAsJsonArray("iou_predictions");
            JsonArray trues = g.getAsJsonArray("mask_true_pixels");
            int plane = size[0] * size[1];
            double tolerance = 1e-3 * maxAbs(masks.logits());
            for (int k = 0; k < masks.count(); k++) {
                assertEquals(iou.get(k).getAsDouble(), masks.iou()[k], 1e-4, id);
                int count = 0;
                int uncertain = 0;
                for (int i = 0; i < plane; i++) {
                    float v = masks.logits()[k * plane + i];
                    count += v > 0f ? 1 : 0;
                    uncertain += Math.abs(v) <= tolerance ? 1 : 0;
                }
                assertTrue(Math.abs(count - trues.get(k).getAsInt()) <= uncertain, id + " mask " + k + " has " + count
                        + " pixels, official " + trues.get(k).getAsInt());
            }
            int flips = 0;
            if (SamFixtures.hasArray(id + "__masks_binary")) {
                boolean[] bits = SamFixtures.bits(id + "__masks_binary");
                for (int i = 0; i < bits.length; i++) {
                    float v = masks.logits()[i];
                    if (bits[i] != v > 0f) {
                        flips++;
                        assertTrue(Math.abs(v) <= tolerance, id + " pixel " + i + " flipped with logit " + v);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "[sam-parity] geometry %s: masks %dx%d, flipped pixels %d%n", id, size[1], size[0], flips);
        }
    }

    /** The mask input of the refinement case: point1's best multimask low-res logits. */
    private static float[] refinementInput(SamModel.Embedding embedding, JsonObject refinementCase) throws Exception {
        String first = refinementCase.get("id").getAsString().replace("_with_mask_input", "");
        JsonObject pointCase = SamFixtures.list("cases").stream().filter(x -> x.get("id").getAsString().equals(first))
                .findFirst().orElseThrow();
        SamModel.Masks masks = model.decode(embedding, SamPreprocessingTest.prompt(pointCase), true);
        int plane = masks.lowRes().length / masks.count();
        int best = SamProposer.bestMultimask(masks.iou());
        return java.util.Arrays.copyOfRange(masks.lowRes(), best * plane, (best + 1) * plane);
    }

    private static SamModel.Embedding fixtureEmbedding(String stem, int[] size) {
        return new SamModel.Embedding(new FloatTensor(new long[] {1, 256, 64, 64}, SamFixtures.floats("image_embeddings__" + stem)),
                SamGeometry.of(size[0], size[1], 1024));
    }

    private static int[] dims(JsonArray hw) {
        return new int[] {hw.get(0).getAsInt(), hw.get(1).getAsInt()};
    }

    private static float[] stride4(float[] lowRes, int count) {
        int side = (int) Math.round(Math.sqrt(lowRes.length / count));
        int small = (side + 3) / 4;
        float[] out = new float[count * small * small];
        int o = 0;
        for (int k = 0; k < count; k++) {
            for (int y = 0; y < side; y += 4) {
                for (int x = 0; x < side; x += 4) {
                    out[o++] = lowRes[k * side * side + y * side + x];
                }
            }
        }
        return out;
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
