package org.alphaclip.nerf.internal.augment;

/**
 * One linear image transform of an augmentation chain with its adjoint: {@code backward} carries the gradient of
 * the output back to the input ({@code forward} is affine in its input, so the adjoint of its linear part is its
 * derivative).
 */
public interface ImageOp {

    /** The transformed image. */
    Planes forward(Planes input);

    /** d loss / d input from d loss / d output. */
    Planes backward(Planes outputGradient);
}
