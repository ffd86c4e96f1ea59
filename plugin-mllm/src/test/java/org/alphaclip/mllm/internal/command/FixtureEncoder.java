package org.alphaclip.mllm.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.model.ModelPackageReader;

/**
 * The real exported encoder package (its manifest, name and preprocessing) with an encoder that answers every image
 * with the fixture's reference image tokens (the hidden states the multimodal package takes), so that a command
 * reproduces the reference's answer. It records what it was asked to encode.
 */
final class FixtureEncoder implements AlphaClipEncoder {

    private final ModelInfo info;
    private final FloatTensor imageTokens;
    final List<RegionImage> inputs = new ArrayList<>();
    final List<EncodeOptions> options = new ArrayList<>();

    FixtureEncoder(Path encoderPackage, FloatTensor imageTokens) throws InvalidModelException {
        this.info = ModelPackageReader.read(encoderPackage, false).info();
        this.imageTokens = imageTokens;
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public ImageEncoding encodeImages(List<RegionImage> images, EncodeOptions encodeOptions) {
        inputs.addAll(images);
        options.add(encodeOptions);
        return new ImageEncoding(new FloatTensor(new long[] {1, 1}, new float[1]),
                Map.of(encodeOptions.hiddenLayers()[0], imageTokens), null, List.of());
    }

    @Override
    public float[][] encodeTexts(List<String> texts, boolean truncate) {
        throw new UnsupportedOperationException("encodeTexts");
    }

    @Override
    public int[][] tokenize(List<String> texts, boolean truncate) {
        throw new UnsupportedOperationException("tokenize");
    }
}
