package org.alphaclip.ovd.internal.mine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.RgbImage;

/**
 * Scores an image's candidate masks against the image's class: each mask is shown to the encoder as its
 * {@link Representation} says, and gets the probability of the class under the softmax over all classes'
 * prompts, and the cosine with the class prompt.
 *
 * <p>By default the probability ranks ({@link Ranking}; the cosine only breaks ties): the paper ranks masks "by
 * class based on their scores" across images, which needs a score comparable between images, and a softmax
 * against the other classes' prompts removes what an image adds to every prompt's cosine alike; it also prefers
 * a mask that shows the class over one that shows a confusable class.
 */
public final class MaskScorer {

    /** Masks encoded per encoder call. */
    private static final int IMAGE_BATCH = 8;

    private final AlphaClipEncoder encoder;
    private final ZeroShotClassifier classifier;
    private final Representation representation;
    private final byte[] fill;

    /** A scorer over the classifier's classes (its labels are the dataset's class names, in class order). */
    public MaskScorer(AlphaClipEncoder encoder, ZeroShotClassifier classifier, Representation representation) {
        this.encoder = encoder;
        this.classifier = classifier;
        this.representation = representation;
        float[] mean = encoder.model().preprocessing().mean();
        this.fill = new byte[] {(byte) Math.round(mean[0] * 255), (byte) Math.round(mean[1] * 255),
            (byte) Math.round(mean[2] * 255)};
    }

    /**
     * One mask's score.
     *
     * @param probability the class's probability among all classes
     * @param cosine the cosine between the mask's embedding and the class prompt
     */
    public record Score(double probability, double cosine) {
    }

    /** The representation masks are scored with. */
    public Representation representation() {
        return representation;
    }

    /** The classifier the masks are scored with. */
    public ZeroShotClassifier classifier() {
        return classifier;
    }

    /** Scores every candidate against class {@code classIndex}, in candidate order. */
    public List<Score> score(RgbImage image, List<Candidate> candidates, int classIndex) throws EncoderException {
        if (representation.ignoresMask()) {
            Score same = score(encoder.encodeImages(List.of(RegionImage.whole(image)), EncodeOptions.DEFAULT)
                    .embedding(0), classIndex);
            return Collections.nCopies(candidates.size(), same);
        }
        List<Score> scores = new ArrayList<>(candidates.size());
        for (int start = 0; start < candidates.size(); start += IMAGE_BATCH) {
            List<RegionImage> inputs = new ArrayList<>();
            for (Candidate c : candidates.subList(start, Math.min(candidates.size(), start + IMAGE_BATCH))) {
                inputs.add(representation.input(image, c.proposal().mask(), c.bbox(), fill));
            }
            ImageEncoding encoding = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
            for (int i = 0; i < inputs.size(); i++) {
                scores.add(score(encoding.embedding(i), classIndex));
            }
        }
        return scores;
    }

    private Score score(float[] embedding, int classIndex) {
        return new Score(classifier.probabilities(embedding)[classIndex], classifier.cosines(embedding)[classIndex]);
    }
}
