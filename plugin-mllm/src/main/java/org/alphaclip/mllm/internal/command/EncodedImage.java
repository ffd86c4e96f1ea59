package org.alphaclip.mllm.internal.command;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.ImageFeatures;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.sdk.session.EncoderLeases;

/**
 * The image tokens a multimodal package takes: the image and region encoded by the encoder package the package names
 * (found by name among the known encoder packages, its {@code manifest.json} checked against the SHA-256 recorded at
 * export), padded to a square first when the package asks for it, the hidden states of its layer returned.
 *
 * @param tokens {@code [1, tokens, width]} as {@link ImageFeatures} describe them
 * @param warnings what the encoder adapted on the way (an empty mask, say)
 */
record EncodedImage(FloatTensor tokens, List<String> warnings) {

    /** LLaVA-1.5's aspect ratio rule: pad to a square ({@link SquarePadding}). */
    static final String PAD = "pad";

    /** Copies the warnings. */
    EncodedImage {
        warnings = List.copyOf(warnings);
    }

    /**
     * Encodes an image and its region for a package.
     *
     * @throws InvalidModelException when the encoder package is not installed or is another export than the one the
     *         package was made on; the message names both packages
     * @throws EncoderException when encoding fails
     */
    static EncodedImage encode(AlphaClipEncoders encoders, MultimodalPackageInfo info, RgbImage image, Region region,
            AlphaGeometry geometry) throws InvalidModelException, EncoderException {
        try (EncoderLease lease = checkedLease(encoders, info)) {
            ImageEncoding encoding = encodeAll(lease.encoder(), info, image, List.of(region), geometry);
            return new EncodedImage(encoding.hiddenStates().get(info.imageFeatures().layer()), encoding.warnings());
        }
    }

    /**
     * Leases the encoder package a multimodal package names, checked to be the export it was made on.
     *
     * @throws InvalidModelException when the encoder package is not installed or is another export; the message names
     *         both packages
     */
    static EncoderLease checkedLease(AlphaClipEncoders encoders, MultimodalPackageInfo info) throws InvalidModelException {
        ImageFeatures features = info.imageFeatures();
        return EncoderLeases.exportedOn(encoders, features.encoder(), features.encoderManifestSha256(),
                "Multimodal package " + info.name(), "image tokens");
    }

    /**
     * Encodes one image under several regions in one batch: the hidden states of the package's layer are
     * {@code [regions, tokens, width]}.
     */
    static ImageEncoding encodeAll(AlphaClipEncoder encoder, MultimodalPackageInfo info, RgbImage image,
            List<Region> regions, AlphaGeometry geometry) throws EncoderException {
        ImageFeatures features = info.imageFeatures();
        List<RegionImage> inputs = new ArrayList<>();
        for (Region region : regions) {
            inputs.add(PAD.equals(features.aspectRatio())
                    ? SquarePadding.pad(image, region, encoder.model().preprocessing().mean()) : new RegionImage(image, region));
        }
        EncodeOptions options = EncodeOptions.DEFAULT.withHiddenLayers(features.layer())
                .withClassToken(features.classToken()).withAlphaGeometry(geometry);
        return encoder.encodeImages(inputs, options);
    }
}
