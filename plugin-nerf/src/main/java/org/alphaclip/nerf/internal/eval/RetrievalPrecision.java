package org.alphaclip.nerf.internal.eval;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.nerf.internal.augment.Planes;

/**
 * R-Precision as in the paper's Table 14: a view of an object counts when a retrieval model other than the one that
 * guided the optimisation ranks the object's own prompt first among all prompts of the set (cosine similarity of the
 * whole view's embedding, alpha all ones, to each prompt's text embedding).
 */
public final class RetrievalPrecision {

    private final AlphaClipEncoder retrieval;
    private final List<String> prompts;
    private final float[][] promptEmbeddings;

    /** Embeds the prompt set with the retrieval model's text tower. */
    public RetrievalPrecision(AlphaClipEncoder retrieval, List<String> prompts) throws EncoderException {
        this.retrieval = retrieval;
        this.prompts = List.copyOf(prompts);
        this.promptEmbeddings = normalise(retrieval.encodeTexts(this.prompts, false));
    }

    /** For each view, whether {@code prompt} ranks first. */
    public List<Boolean> hits(String prompt, List<Planes> views) throws EncoderException {
        int target = prompts.indexOf(prompt);
        if (target < 0) {
            throw new IllegalArgumentException("'" + prompt + "' is not in the prompt set " + prompts);
        }
        List<RegionImage> images = new ArrayList<>();
        for (Planes view : views) {
            images.add(RegionImage.whole(rgbImage(view)));
        }
        float[][] embeddings = normalise(toRows(retrieval.encodeImages(images, EncodeOptions.DEFAULT), views.size()));
        List<Boolean> hits = new ArrayList<>();
        for (float[] embedding : embeddings) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < promptEmbeddings.length; p++) {
                double score = 0;
                for (int i = 0; i < embedding.length; i++) {
                    score += embedding[i] * promptEmbeddings[p][i];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = p;
                }
            }
            hits.add(best == target);
        }
        return hits;
    }

    private static float[][] toRows(org.alphaclip.api.ImageEncoding encoding, int count) {
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = encoding.embedding(i);
        }
        return rows;
    }

    private static RgbImage rgbImage(Planes view) {
        int plane = view.planeSize();
        byte[] pixels = new byte[plane * 3];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                pixels[p * 3 + c] = (byte) Math.round(Math.max(0f, Math.min(1f, view.values()[c * plane + p])) * 255f);
            }
        }
        return new RgbImage(view.width(), view.height(), pixels, null);
    }

    private static float[][] normalise(float[][] rows) {
        float[][] result = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            double norm = 0;
            for (float value : rows[r]) {
                norm += value * value;
            }
            float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-24)));
            result[r] = new float[rows[r].length];
            for (int i = 0; i < rows[r].length; i++) {
                result[r][i] = rows[r][i] * scale;
            }
        }
        return result;
    }
}
