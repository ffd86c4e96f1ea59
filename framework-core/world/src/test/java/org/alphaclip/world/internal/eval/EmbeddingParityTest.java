package org.alphaclip.world.internal.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.world.PixelBox;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.Seeds;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The Java encoder sees what the trainer saw: the trainer wrote the PyTorch embeddings of held-out
 * scenes (mask, box and whole-image alpha) to {@code embedding-parity.json}; regenerating the same
 * scenes here and encoding them with the shipped package must give the same vectors, which checks the
 * generator's determinism, the image resize and the alpha map against the Python preprocessing.
 */
class EmbeddingParityTest {

    @Test
    void regeneratedScenesEncodeAsInTraining() throws Exception {
        JsonObject parity = ShippedModel.trainerReference("embedding-parity.json");
        var generator = Renderers.generator(parity.get("renderer").getAsString());
        SceneSpec spec = new SceneSpec(parity.get("size").getAsInt(), parity.get("minObjects").getAsInt(),
                parity.get("maxObjects").getAsInt());
        try (ShippedModel model = ShippedModel.open(ShippedModel.ALPHA)) {
            for (JsonElement element : parity.getAsJsonArray("rows")) {
                JsonObject row = element.getAsJsonObject();
                Scene scene = generator.generate(Seeds.scene(parity.get("seed").getAsLong(),
                        parity.get("split").getAsString(), row.get("index").getAsInt()), spec);
                SceneObject object = scene.objects().get(row.get("object").getAsInt());
                PixelBox b = object.box();
                Region region = switch (row.get("region").getAsString()) {
                    case "mask" -> new Region.Mask(object.mask());
                    case "box" -> new Region.Box(b.x0(), b.y0(), b.x1(), b.y1());
                    default -> new Region.Whole();
                };
                float[] actual = model.encoder().encodeImages(List.of(new RegionImage(scene.image(), region)),
                        EncodeOptions.DEFAULT).embedding(0);
                float[] expected = new float[actual.length];
                var values = row.getAsJsonArray("embedding");
                double dot = 0;
                double na = 0;
                double ne = 0;
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = values.get(i).getAsFloat();
                    dot += (double) actual[i] * expected[i];
                    na += (double) actual[i] * actual[i];
                    ne += (double) expected[i] * expected[i];
                }
                double cosine = dot / Math.sqrt(na * ne);
                assertTrue(cosine > 0.9999, "scene " + row.get("index") + " " + row.get("region") + ": cosine " + cosine);
            }
        }
    }
}
