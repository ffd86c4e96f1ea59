package org.alphaclip.mllm.internal.pkg;

import java.util.Arrays;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.ImageFeatures;
import org.alphaclip.mllm.MultimodalPackageInfo;

/** The check of the image tokens a caller gives a package against the {@link ImageFeatures} it takes. */
public final class ImageTokens {

    private ImageTokens() {
    }

    /**
     * Checks that the tokens are {@code [1, tokens, width]} as the package's image features say.
     *
     * @throws GenerationException naming the shape expected and where such tokens come from
     */
    public static void check(MultimodalPackageInfo info, FloatTensor imageTokens) throws GenerationException {
        ImageFeatures wanted = info.imageFeatures();
        long[] shape = imageTokens.shape();
        if (!Arrays.equals(shape, new long[] {1, wanted.tokens(), wanted.width()})) {
            throw new GenerationException("The image tokens have shape " + Arrays.toString(shape) + "; " + info.name()
                    + " takes [1, " + wanted.tokens() + ", " + wanted.width() + "]: hidden states of layer " + wanted.layer()
                    + (wanted.classToken() ? " with" : " without") + " the class token, from the encoder package '"
                    + wanted.encoder() + "'");
        }
    }
}
