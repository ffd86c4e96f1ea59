package org.alphaclip.rec.internal.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;

/**
 * A stand-in encoder that sees colours only: an image embeds as the mean colour of its region (the whole
 * image for {@link Region.Whole}), a text as the sum of the colours it names. Counts its calls.
 */
public final class ColourEncoder implements AlphaClipEncoder {

    private static final Map<String, float[]> COLOURS = Map.of(
            "red", new float[] {1, 0, 0, 0},
            "green", new float[] {0, 1, 0, 0},
            "blue", new float[] {0, 0, 1, 0},
            "yellow", new float[] {1, 1, 0, 0});

    /** Images encoded so far. */
    public final AtomicInteger images = new AtomicInteger();
    /** Texts encoded so far. */
    public final AtomicInteger texts = new AtomicInteger();
    /** The texts encoded so far, in order. */
    public final List<String> seen = new CopyOnWriteArrayList<>();

    private final ModelInfo info;

    /** An encoder reporting the given model name. */
    public ColourEncoder(String name) {
        Preprocessing preprocessing = new Preprocessing(224, "shortest-side", "bicubic", "center",
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f);
        this.info = new ModelInfo(name, "colour stand-in", Path.of(name), 4, new ModelInfo.VisionTower(224, 16, 8, 1, 1),
                new ModelInfo.TextTower(77, 49408, 8, 1, 1), preprocessing, 10, List.of("{}"),
                new ModelInfo.TokenizerSpec("clip-bpe", "clip", "<|startoftext|>", "<|endoftext|>"));
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public ImageEncoding encodeImages(List<RegionImage> inputs, EncodeOptions options) throws EncoderException {
        float[] out = new float[inputs.size() * 4];
        for (int i = 0; i < inputs.size(); i++) {
            RegionImage input = inputs.get(i);
            GrayImage mask = input.region() instanceof Region.Mask m ? m.mask() : null;
            double[] sum = new double[3];
            int n = 0;
            byte[] rgb = input.image().rgb();
            for (int p = 0; p < rgb.length / 3; p++) {
                if (mask == null || (mask.values()[p] & 0xFF) >= 128) {
                    for (int c = 0; c < 3; c++) {
                        sum[c] += rgb[p * 3 + c] & 0xFF;
                    }
                    n++;
                }
            }
            for (int c = 0; c < 3; c++) {
                out[i * 4 + c] = n == 0 ? 0 : (float) (sum[c] / n / 255);
            }
            out[i * 4 + 3] = 0.2f;
        }
        images.addAndGet(inputs.size());
        return new ImageEncoding(new FloatTensor(new long[] {inputs.size(), 4}, out), Map.of(), null, List.of());
    }

    @Override
    public float[][] encodeTexts(List<String> list, boolean truncate) {
        float[][] out = new float[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            float[] v = {0, 0, 0, 0.05f};
            for (String word : list.get(i).toLowerCase(Locale.ROOT).split("\\W+")) {
                float[] colour = COLOURS.get(word);
                if (colour != null) {
                    for (int k = 0; k < 4; k++) {
                        v[k] += colour[k];
                    }
                }
            }
            out[i] = v;
        }
        texts.addAndGet(list.size());
        seen.addAll(list);
        return out;
    }

    @Override
    public int[][] tokenize(List<String> list, boolean truncate) {
        Map<String, Integer> ids = new HashMap<>();
        return list.stream().map(t -> new int[] {ids.computeIfAbsent(t, k -> ids.size())}).toArray(int[][]::new);
    }
}
