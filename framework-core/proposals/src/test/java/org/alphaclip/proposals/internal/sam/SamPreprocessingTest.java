package org.alphaclip.proposals.internal.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.image.PillowResize;
import org.alphaclip.sdk.io.FileDigests;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Preprocessing and prompt coordinates against the official segment-anything fixtures: bit-exact
 * resized bytes and encoder input tensor, exact float64 transformed coordinates and float32 decoder inputs.
 */
class SamPreprocessingTest {

    private static SamPreprocessor preprocessor() {
        JsonObject config = SamFixtures.config();
        return new SamPreprocessor(config.get("image_size").getAsInt(), triple(config.getAsJsonArray("pixel_mean")),
                triple(config.getAsJsonArray("pixel_std")));
    }

    @Test
    void pixelLookupTableEqualsSamPreprocess() {
        float[] lut = SamFixtures.floats("pixel_lut");
        SamPreprocessor p = preprocessor();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                assertEquals(lut[c * 256 + v], ((float) v - p.mean()[c]) / p.std()[c], 0f, "channel " + c + " value " + v);
            }
        }
    }

    @Test
    void resizedImageAndInputTensorAreBitExact() {
        SamPreprocessor p = preprocessor();
        for (JsonObject image : SamFixtures.list("images")) {
            String stem = image.get("stem").getAsString();
            RgbImage rgb = SamFixtures.rgb(stem);
            assertEquals(image.get("rgb_u8_sha256").getAsString(), FileDigests.sha256(rgb.rgb()), stem + " RGB bytes");
            SamGeometry g = p.geometry(rgb);
            JsonArray size = image.getAsJsonArray("input_size_hw");
            assertEquals(size.get(0).getAsInt(), g.resizedHeight(), stem);
            assertEquals(size.get(1).getAsInt(), g.resizedWidth(), stem);
            byte[] resized = p.resized(rgb, g);
            assertEquals(image.get("resized_u8_sha256").getAsString(), FileDigests.sha256(resized), stem + " resized bytes");
            FloatTensor tensor = p.tensor(rgb);
            assertEquals(image.get("input_image_f32_sha256").getAsString(), FileDigests.sha256(SamFixtures.littleEndian(tensor.data())),
                    stem + " input tensor");
            System.out.println("[sam-parity] preprocessing " + stem + ": resized " + g.resizedWidth() + "x" + g.resizedHeight()
                    + " and [1,3,1024,1024] tensor bit-exact (sha256)");
        }
    }

    @Test
    void resizeToTheSameSizeReturnsAnEqualCopy() {
        RgbImage rgb = SamFixtures.rgb(SamFixtures.stem(SamFixtures.list("images").get(0).get("name").getAsString()));
        byte[] same = PillowResize.resize(rgb.rgb(), rgb.width(), rgb.height(), 3, rgb.width(), rgb.height(),
                PillowResize.Filter.BILINEAR);
        assertArrayEquals(rgb.rgb(), same);
        org.junit.jupiter.api.Assertions.assertNotSame(rgb.rgb(), same);
    }

    @Test
    void promptCoordinatesEqualTheOfficialDecoderInputs() {
        SamPreprocessor p = preprocessor();
        for (JsonObject c : SamFixtures.list("cases")) {
            String id = c.get("id").getAsString();
            JsonObject image = SamFixtures.image(c.get("image").getAsString());
            JsonArray original = image.getAsJsonArray("original_size_hw");
            SamGeometry g = SamGeometry.of(original.get(0).getAsInt(), original.get(1).getAsInt(), p.inputSize());
            SamPrompt prompt = prompt(c);
            JsonArray transformed = c.getAsJsonArray("point_coords_transformed");
            for (int i = 0; transformed != null && i < transformed.size(); i++) {
                JsonArray xy = transformed.get(i).getAsJsonArray();
                assertEquals(xy.get(0).getAsDouble(), g.toInputX(prompt.points()[2 * i]), 0.0, id);
                assertEquals(xy.get(1).getAsDouble(), g.toInputY(prompt.points()[2 * i + 1]), 0.0, id);
            }
            if (prompt.box() != null) {
                JsonArray box = c.getAsJsonArray("box_transformed");
                double[] b = prompt.box();
                assertArrayEquals(new double[] {box.get(0).getAsDouble(), box.get(1).getAsDouble(), box.get(2).getAsDouble(),
                        box.get(3).getAsDouble()}, new double[] {g.toInputX(b[0]), g.toInputY(b[1]), g.toInputX(b[2]),
                                g.toInputY(b[3])}, 0.0, id);
            }
            assertArrayEquals(SamFixtures.floats(id + "__onnx_point_coords"), prompt.coordinates(g), 0f, id + " point_coords");
            assertArrayEquals(SamFixtures.floats(id + "__onnx_point_labels"), prompt.decoderLabels(), 0f, id + " point_labels");
        }
    }

    @Test
    void automaticGridPointsEqualTheGenerators() {
        SamPreprocessor p = preprocessor();
        for (JsonObject run : SamFixtures.list("amg")) {
            JsonObject image = SamFixtures.image(run.get("image").getAsString());
            JsonArray original = image.getAsJsonArray("original_size_hw");
            int h = original.get(0).getAsInt();
            int w = original.get(1).getAsInt();
            SamGeometry g = SamGeometry.of(h, w, p.inputSize());
            double[][] grid = AutomaticMasks.pointGrid(run.getAsJsonObject("settings").get("points_per_side").getAsInt());
            for (JsonElement e : run.getAsJsonArray("candidates")) {
                JsonObject cand = e.getAsJsonObject();
                double[] point = grid[cand.get("point_index").getAsInt()];
                JsonArray xy = cand.getAsJsonArray("point_xy");
                JsonArray txy = cand.getAsJsonArray("point_xy_transformed");
                assertEquals(xy.get(0).getAsDouble(), point[0] * w, 0.0);
                assertEquals(xy.get(1).getAsDouble(), point[1] * h, 0.0);
                assertEquals(txy.get(0).getAsDouble(), g.toInputX(point[0] * w), 0.0);
                assertEquals(txy.get(1).getAsDouble(), g.toInputY(point[1] * h), 0.0);
            }
        }
    }

    @Test
    void encoderExactCoordinateReproducesTheFloat64PromptEncoderInput() {
        for (double c : new double[] {0.0, 64.0, 51.25, 123.456789, 1023.99, 700.0000001, 0.3}) {
            float f = AutomaticMasks.encoderExact(c, 1024);
            assertEquals((float) ((c + 0.5) / 1024), (f + 0.5f) / 1024f, 0f, "coordinate " + c);
        }
    }

    /** The prompt of a fixture case in original coordinates. */
    static SamPrompt prompt(JsonObject c) {
        JsonArray points = c.get("point_coords_xy_original").isJsonNull() ? new JsonArray()
                : c.getAsJsonArray("point_coords_xy_original");
        JsonArray labels = c.get("point_labels").isJsonNull() ? new JsonArray() : c.getAsJsonArray("point_labels");
        double[] xy = new double[points.size() * 2];
        int[] l = new int[labels.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[2 * i] = points.get(i).getAsJsonArray().get(0).getAsDouble();
            xy[2 * i + 1] = points.get(i).getAsJsonArray().get(1).getAsDouble();
            l[i] = labels.get(i).getAsInt();
        }
        double[] box = null;
        if (c.has("box_xyxy_original") && !c.get("box_xyxy_original").isJsonNull()) {
            JsonArray b = c.getAsJsonArray("box_xyxy_original");
            box = new double[] {b.get(0).getAsDouble(), b.get(1).getAsDouble(), b.get(2).getAsDouble(), b.get(3).getAsDouble()};
        }
        String id = c.get("id").getAsString();
        float[] maskInput = SamFixtures.hasArray(id + "__onnx_mask_input") ? SamFixtures.floats(id + "__onnx_mask_input") : null;
        return new SamPrompt(xy, l, box, maskInput);
    }

    private static float[] triple(JsonArray values) {
        return new float[] {(float) values.get(0).getAsDouble(), (float) values.get(1).getAsDouble(),
                (float) values.get(2).getAsDouble()};
    }
}
