package org.alphaclip.ovd.internal.classify;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.LabelScore;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.RgbImage;

/**
 * Open-vocabulary region classification: each region of an image is encoded with Alpha-CLIP (the whole image,
 * the region as alpha) and labelled by the zero-shot classifier of a vocabulary.
 */
public final class RegionClassifier {

    /** Regions encoded per encoder call. */
    private static final int IMAGE_BATCH = 8;

    private final AlphaClipEncoder encoder;
    private final ZeroShotClassifier classifier;

    /** A classifier over the vocabulary of {@code classifier}, whose rows {@code encoder}'s model made. */
    public RegionClassifier(AlphaClipEncoder encoder, ZeroShotClassifier classifier) {
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
                List<LabelScore> ranking = classifier.ranking(encoding.embedding(i));
                labels.add(new RegionLabel(start + i + 1, batch.get(i), ranking.subList(0, Math.min(top, ranking.size()))));
            }
        }
        return labels;
    }
}
