package org.alphaclip.rec.internal.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.rec.internal.proposal.Proposal;

/**
 * Scores proposals against texts with one or more encoders (an ensemble): every proposal is encoded in
 * every representation by every encoder, and a text's logit for a proposal is the sum over encoders and
 * representations of {@code logitScale * cos(image, text)}. Text embeddings are cached.
 */
public final class ProposalScorer {

    private static final int TEXT_CACHE_SIZE = 4096;

    private final List<AlphaClipEncoder> encoders;
    private final ScoringSettings settings;
    private final Map<String, float[]> textCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > TEXT_CACHE_SIZE;
        }
    };

    /** A scorer summing over the given encoders. */
    public ProposalScorer(List<AlphaClipEncoder> encoders, ScoringSettings settings) {
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("Scoring needs at least one encoder");
        }
        this.encoders = List.copyOf(encoders);
        this.settings = settings;
    }

    /** The settings proposals are scored with. */
    public ScoringSettings settings() {
        return settings;
    }

    /** The names of the encoders' model packages. */
    public List<String> modelNames() {
        return encoders.stream().map(e -> e.model().name()).toList();
    }

    /**
     * Encodes every proposal of an image in every representation with every encoder.
     *
     * @throws EncoderException when encoding fails
     */
    public ImageScores encode(RgbImage image, List<Proposal> proposals) throws EncoderException {
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("The image has no proposals to score");
        }
        RepresentationBuilder builder = new RepresentationBuilder(image, settings);
        List<Representation> representations = settings.representations();
        float[][][][] embeddings = new float[encoders.size()][representations.size()][proposals.size()][];
        Set<String> warnings = new LinkedHashSet<>();
        for (int r = 0; r < representations.size(); r++) {
            for (int start = 0; start < proposals.size(); start += settings.batchSize()) {
                int end = Math.min(proposals.size(), start + settings.batchSize());
                List<RegionImage> batch = new ArrayList<>();
                for (int p = start; p < end; p++) {
                    batch.add(builder.build(representations.get(r), proposals.get(p)));
                }
                for (int e = 0; e < encoders.size(); e++) {
                    ImageEncoding encoding = encoders.get(e).encodeImages(batch, EncodeOptions.DEFAULT);
                    warnings.addAll(encoding.warnings());
                    for (int p = start; p < end; p++) {
                        embeddings[e][r][p] = unit(encoding.embedding(p - start));
                    }
                }
            }
        }
        return new ImageScores(this, embeddings, List.copyOf(warnings));
    }

    /** The unit-length embedding of a text for encoder {@code e}, from the cache when known. */
    float[] textEmbedding(int e, String text) throws EncoderException {
        String key = e + "\u0000" + text;
        synchronized (textCache) {
            float[] cached = textCache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        float[] embedding = unit(encoders.get(e).encodeTexts(List.of(settings.text(text)), true)[0]);
        synchronized (textCache) {
            textCache.put(key, embedding);
        }
        return embedding;
    }

    /** The logit scale of encoder {@code e}. */
    double logitScale(int e) {
        return encoders.get(e).model().logitScale();
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm > 0 ? (float) (v[i] / norm) : 0f;
        }
        return out;
    }
}
