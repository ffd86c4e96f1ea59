package org.alphaclip.ovd.internal.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;

/**
 * An encoder that "sees" colours: the embedding of an input has, at the red value (divided by {@link #STEP})
 * most common inside the region, that value's share of the region, and the rest of the share at index 0; the
 * text embedding of a prompt ending in the k-th class name is the one-hot vector of index k + 1 (plus a little at
 * index 0). So a mask over an object drawn with red
 * {@code STEP * (k + 1)} matches class k exactly. Counts the images it encodes; can fail after a number of them.
 */
public final class FakeEncoder implements AlphaClipEncoder {

    /** Red value step between classes. */
    public static final int STEP = 20;
    /** Embedding width. */
    public static final int DIM = 16;

    private final List<String> names;
    private final AtomicInteger encoded = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failAfter = Integer.MAX_VALUE;

    /** An encoder over class names (index k = red {@code STEP * (k + 1)}). */
    public FakeEncoder(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** Makes every call fail once {@code images} images have been encoded. */
    public void failAfter(int images) {
        failAfter = images;
    }

    /** Images encoded so far. */
    public int encoded() {
        return encoded.get();
    }

    /** Calls of encodeImages so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public ModelInfo model() {
        return new ModelInfo("fake", "a colour-seeing fake", Path.of("."), DIM,
                new ModelInfo.VisionTower(224, 16, 64, 2, 2), new ModelInfo.TextTower(77, 100, 64, 2, 2),
                new Preprocessing(224, "shortest-side", "bicubic", "center", new float[] {0.5f, 0.5f, 0.5f},
                        new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f),
                100, List.of("a photo of a {}."), new ModelInfo.TokenizerSpec("word-level", "basic", "<s>", "</s>"));
    }

    @Override
    public ImageEncoding encodeImages(List<RegionImage> inputs, EncodeOptions options) throws EncoderException {
        calls.incrementAndGet();
        float[] data = new float[inputs.size() * DIM];
        for (int i = 0; i < inputs.size(); i++) {
            if (encoded.incrementAndGet() > failAfter) {
                throw new EncoderException("The fake model failed on purpose");
            }
            double[] dominant = dominantRed(inputs.get(i));
            data[i * DIM + (int) dominant[0] / STEP % DIM] += (float) dominant[1];
            data[i * DIM] += (float) (1 - dominant[1]);
        }
        return new ImageEncoding(new FloatTensor(new long[] {inputs.size(), DIM}, data), java.util.Map.of(), null,
                List.of());
    }

    @Override
    public float[][] encodeTexts(List<String> texts, boolean truncate) {
        float[][] rows = new float[texts.size()][DIM];
        for (int t = 0; t < texts.size(); t++) {
            for (int k = 0; k < names.size(); k++) {
                if (texts.get(t).endsWith(names.get(k))) {
                    rows[t][(k + 1) % DIM] = 1;
                }
            }
            rows[t][0] += 0.01f;
        }
        return rows;
    }

    @Override
    public int[][] tokenize(List<String> texts, boolean truncate) {
        return new int[texts.size()][77];
    }

    /** The most common red value in the region and its share of the region's pixels. */
    private static double[] dominantRed(RegionImage input) {
        RgbImage image = input.image();
        boolean[] inside = new boolean[image.width() * image.height()];
        if (input.region() instanceof Region.Mask m) {
            for (int i = 0; i < inside.length; i++) {
                inside[i] = (m.mask().values()[i] & 0xFF) >= m.threshold();
            }
        } else {
            java.util.Arrays.fill(inside, true);
        }
        int[] histogram = new int[256];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < inside.length; i++) {
            if (inside[i]) {
                int red = image.rgb()[3 * i] & 0xFF;
                if (histogram[red]++ == 0) {
                    order.add(red);
                }
            }
        }
        int best = order.get(0);
        int total = 0;
        for (int red : order) {
            total += histogram[red];
            if (histogram[red] > histogram[best]) {
                best = red;
            }
        }
        return new double[] {best, (double) histogram[best] / total};
    }
}
