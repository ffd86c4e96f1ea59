package org.alphaclip.ovd.internal.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;

/**
 * Open-vocabulary region classification: each region of an image is encoded with Alpha-CLIP (the whole image,
 * the region as alpha) and labelled by the zero-shot classifier of a vocabulary.
 */
public final class RegionClassifier {

    /** Regions encoded per encoder call. */
    private static final int IMAGE_BATCH = 8;

    private final AlphaClipEncoder encoder;
    private final TextClassifier classifier;

    /** A classifier over the vocabulary of {@code classifier}. */
    public RegionClassifier(AlphaClipEncoder encoder, TextClassifier classifier) {
        this.encoder = encoder;
        this.classifier = classifier;
    }

    /** Labels every region with its {@code top} most probable classes. */
    public List<RegionLabel> classify(RgbImage image, List<RegionQuery> regions, int top) throws EncoderException {
        List<RegionLabel> labels = new ArrayList<>();
        for (int start = 0; start < regions.size(); start += IMAGE_BATCH) {
            List<RegionQuery> batch = regions.subList(start, Math.min(regions.size(), start + IMAGE_BATCH));
            List<RegionImage> inputs = batch.stream().map(q -> new RegionImage(image, q.region())).toList();
            ImageEncoding encoding = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
            for (int i = 0; i < batch.size(); i++) {
                double[] p = classifier.probabilities(classifier.cosines(encoding.embedding(i)));
                List<RegionLabel.Scored> scored = new ArrayList<>();
                for (int k = 0; k < p.length; k++) {
                    scored.add(new RegionLabel.Scored(classifier.names().get(k), p[k]));
                }
                scored.sort(Comparator.comparingDouble(RegionLabel.Scored::probability).reversed());
                labels.add(new RegionLabel(start + i + 1, batch.get(i), scored.subList(0, Math.min(top, scored.size()))));
            }
        }
        return labels;
    }
}
