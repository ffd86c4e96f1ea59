package org.alphaclip.rec.internal.score;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.rec.internal.proposal.Proposal;

/**
 * Scores proposals against texts with one or more encoders (an ensemble): every proposal is encoded in
 * every representation by every encoder, and a text's logit for a proposal is the sum over encoders and
 * representations of the zero-shot classifier's logit, {@code logitScale * cos(image, text)}, with the
 * configured text template. The platform caches the texts' classifier rows per model.
 */
public final class ProposalScorer {

    private final List<AlphaClipEncoder> encoders;
    private final ZeroShotClassifiers classifiers;
    private final ScoringSettings settings;

    /** A scorer summing over the given encoders. */
    public ProposalScorer(List<AlphaClipEncoder> encoders, ZeroShotClassifiers classifiers, ScoringSettings settings) {
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("Scoring needs at least one encoder");
        }
        this.encoders = List.copyOf(encoders);
        this.classifiers = classifiers;
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
                        embeddings[e][r][p] = encoding.embedding(p - start);
                    }
                }
            }
        }
        return new ImageScores(this, embeddings, List.copyOf(warnings));
    }

    /** Encoder {@code e}'s zero-shot classifier over {@code texts}, with the configured template. */
    ZeroShotClassifier classifier(int e, List<String> texts) throws EncoderException {
        return classifiers.classifier(encoders.get(e), texts, List.of(settings.template()));
    }
}
