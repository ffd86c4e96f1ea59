package org.alphaclip.bench;

import org.alphaclip.api.model.ModelInfo;

/**
 * The arithmetic of one image through an Alpha-CLIP ViT image tower, counted from the package's
 * architecture as multiply-adds (MACs); a FLOP rate counts 2 FLOPs per multiply-add. With N tokens
 * (1 + grid²), width W, patch P, L blocks and embedding E:
 * <ul>
 * <li>patch embedding {@code conv1}: grid² · W · 3P², Alpha-CLIP's {@code conv1_alpha}: grid² · W · P²;</li>
 * <li>per block: packed q/k/v projection N·W·3W, attention scores N·N·W and weighted values N·N·W (over all
 *     heads), output projection N·W·W, MLP N·W·4W + N·4W·W, so 12·N·W² + 2·N²·W;</li>
 * <li>{@code ln_post} on the class token, then {@code proj}: W · E.</li>
 * </ul>
 * Layer norms, softmax, QuickGELU, bias and residual additions are left out (a few per mille).
 * ViT-B/16 at 224 px: 17.6 G multiply-adds, 35.2 GFLOP per image.
 */
final class VitFlops {

    private VitFlops() {
    }

    /** Multiply-adds per image. */
    static long multiplyAdds(ModelInfo model) {
        ModelInfo.VisionTower vision = model.vision();
        long n = vision.tokens();
        long w = vision.width();
        long patches = (long) vision.grid() * vision.grid();
        long patchArea = (long) vision.patchSize() * vision.patchSize();
        long embedding = patches * w * 3 * patchArea + patches * w * patchArea;
        long block = 12 * n * w * w + 2 * n * n * w;
        return embedding + vision.layers() * block + w * model.embedDim();
    }

    /** FLOPs per image: 2 per multiply-add. */
    static double flops(ModelInfo model) {
        return 2.0 * multiplyAdds(model);
    }
}
