package org.alphaclip.mllm.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.model.ModelPackageReader;

/**
 * An encoder package lookup that knows one package, the real exported one (its manifest, name and preprocessing), and
 * whose encoder answers every image with the fixture's reference image tokens (the hidden states the package takes),
 * so that a command reproduces the reference's answer. It records what it was asked to encode.
 */
final class FixtureEncoder implements AlphaClipEncoders {

    private final ModelInfo info;
    private final FloatTensor hiddenStates;
    final List<RegionImage> inputs = new ArrayList<>();
    final List<EncodeOptions> options = new ArrayList<>();

    FixtureEncoder(Path encoderPackage, FloatTensor hiddenStates) throws InvalidModelException {
        this.info = ModelPackageReader.read(encoderPackage, false).info();
        this.hiddenStates = hiddenStates;
    }

    @Override
    public EncoderLease lease(String model) throws InvalidModelException {
        if (!model.equals(info.name())) {
            throw new InvalidModelException("No model package named '" + model + "' and no such folder; known: [" + info.name() + "]");
        }
        AlphaClipEncoder encoder = new AlphaClipEncoder() {
            @Override
            public ModelInfo model() {
                return info;
            }

            @Override
            public ImageEncoding encodeImages(List<RegionImage> images, EncodeOptions encodeOptions) {
                inputs.addAll(images);
                options.add(encodeOptions);
                return new ImageEncoding(new FloatTensor(new long[] {1, 1}, new float[1]),
                        Map.of(encodeOptions.hiddenLayers()[0], hiddenStates), null, List.of());
            }

            @Override
            public float[][] encodeTexts(List<String> texts, boolean truncate) {
                throw new UnsupportedOperationException("encodeTexts");
            }

            @Override
            public int[][] tokenize(List<String> texts, boolean truncate) {
                throw new UnsupportedOperationException("tokenize");
            }
        };
        return new EncoderLease() {
            @Override
            public AlphaClipEncoder encoder() {
                return encoder;
            }

            @Override
            public List<AlphaClipEncoder> encoders() {
                return List.of(encoder);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public EncoderLease lease(List<String> models) throws InvalidModelException {
        return lease(models.get(0));
    }
}
