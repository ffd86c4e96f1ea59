package org.alphaclip.proposals.internal.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.alphaclip.core.internal.session.StandaloneSessions;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Crop layers against the official generator run with {@code crop_n_layers=1} on the fixture model
 * ({@code sam-crops/crops.json}, made by {@code sam-crops/make_reference.py}; checked where the sam-reference
 * set under the fixture root holds that model and image), and the removal of small holes and islands on a
 * drawn mask.
 */
class CropLayersTest {

    @TempDir
    Path tmp;

    @Test
    void oneCropLayerMatchesTheOfficialGenerator() throws Exception {
        JsonObject reference;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/sam-crops/crops.json"), StandardCharsets.UTF_8)) {
            reference = JsonParser.parseReader(in).getAsJsonObject();
        }
        String stem = reference.get("image").getAsString();
        String madeWith = reference.get("image_embeddings_f32_sha256").getAsString();
        assumeTrue(SamFixtures.list("images").stream().anyMatch(i -> i.get("stem").getAsString().equals(stem)
                && i.get("image_embeddings_f32_sha256").getAsString().equals(madeWith)),
                "sam-crops/crops.json belongs to the model and image whose official embedding has SHA-256 " + madeWith
                        + "; the sam-reference set under " + SamFixtures.DIR.getParent() + " has no such image");
        JsonObject s = reference.getAsJsonObject("settings");
        AmgSettings settings = new AmgSettings(s.get("points_per_side").getAsInt(), s.get("pred_iou_thresh").getAsDouble(),
                s.get("stability_score_thresh").getAsDouble(), 1.0, s.get("box_nms_thresh").getAsDouble(),
                s.get("crop_n_layers").getAsInt(), s.get("crop_nms_thresh").getAsDouble(), 512.0 / 1500.0,
                s.get("crop_n_points_downscale_factor").getAsInt(), 0);
        try (StandaloneSessions sessions = StandaloneSessions.open();
                SamModel model = SamModel.open(SamPackage.read(SamFixtures.writePackage(tmp.resolve("sam"))), sessions)) {
            AutomaticMasks.Result result = new AutomaticMasks(model, settings, model::embed)
                    .generate(SamFixtures.rgb(stem));
            int points = settings.pointsPerSide() * settings.pointsPerSide();
            assertEquals(points * 3 * 5, result.candidates().size(), "the whole image and 2 x 2 crops");
            assertEquals(4, result.candidates().get(result.candidates().size() - 1).crop());
            JsonArray records = reference.getAsJsonArray("records");
            assertEquals(records.size(), result.masks().size());
            for (int r = 0; r < records.size(); r++) {
                JsonObject ref = records.get(r).getAsJsonObject();
                AutomaticMasks.Generated g = result.masks().get(r);
                JsonArray bbox = ref.getAsJsonArray("bbox");
                assertArrayEquals(new int[] {bbox.get(0).getAsInt(), bbox.get(1).getAsInt(), bbox.get(2).getAsInt(),
                        bbox.get(3).getAsInt()}, new int[] {g.box()[0], g.box()[1], g.box()[2] - g.box()[0], g.box()[3] - g.box()[1]});
                assertEquals(ref.get("area").getAsInt(), g.area(), 10);
                assertEquals(ref.get("predicted_iou").getAsDouble(), g.predictedIou(), 1e-4);
                assertEquals(ref.get("stability_score").getAsDouble(), g.stability(), 1e-3);
                JsonArray point = ref.getAsJsonArray("point_coords").get(0).getAsJsonArray();
                assertEquals(point.get(0).getAsDouble(), g.x(), 0.0);
                assertEquals(point.get(1).getAsDouble(), g.y(), 0.0);
                JsonArray crop = ref.getAsJsonArray("crop_box");
                assertArrayEquals(new int[] {crop.get(0).getAsInt(), crop.get(1).getAsInt(), crop.get(2).getAsInt(),
                        crop.get(3).getAsInt()}, new int[] {g.cropBox()[0], g.cropBox()[1], g.cropBox()[2] - g.cropBox()[0],
                                g.cropBox()[3] - g.cropBox()[1]});
                JsonArray rows = ref.getAsJsonArray("mask_rows");
                for (int y = 0; y < rows.size(); y++) {
                    int count = 0;
                    for (int x = 0; x < g.mask().width(); x++) {
                        count += g.mask().get(x, y) ? 1 : 0;
                    }
                    assertEquals(rows.get(y).getAsInt(), count, 3, "row " + y);
                }
            }
        }
    }

    @Test
    void smallHolesAreFilledAndSmallIslandsRemoved() {
        int w = 20;
        int h = 12;
        boolean[] pixels = new boolean[w * h];
        for (int y = 1; y < 11; y++) {
            for (int x = 1; x < 11; x++) {
                pixels[y * w + x] = true;
            }
        }
        pixels[5 * w + 5] = false;
        pixels[2 * w + 15] = true;
        pixels[3 * w + 16] = true;
        BinaryMask mask = new BinaryMask(w, h, pixels);
        BinaryMask filled = SmallRegions.remove(mask, 5, true);
        assertTrue(filled.get(5, 5));
        assertEquals(mask.area() + 1, filled.area());
        BinaryMask trimmed = SmallRegions.remove(filled, 5, false);
        assertEquals(100, trimmed.area(), "the diagonal pair is one 8-connected island of 2 pixels");
        assertNull(SmallRegions.remove(trimmed, 5, false));
        boolean[] tiny = new boolean[w * h];
        tiny[0] = true;
        tiny[w * h - 1] = true;
        tiny[w * h - 2] = true;
        BinaryMask kept = SmallRegions.remove(new BinaryMask(w, h, tiny), 5, false);
        assertEquals(2, kept.area(), "every island is small: the largest stays");
    }
}
