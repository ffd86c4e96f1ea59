package org.alphaclip.nerf.internal.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.api.gradient.ImageBatch;

/**
 * One step's augmentations of the rendered view into the encoder's batch, and the way back for the gradient.
 * Written out in PureCLIPNeRF's order:
 * <ol>
 * <li>DiffAugment, per copy: colour jitter (colour only), a shift by up to ⅛ of the image, one zoom shared by all
 *     copies, a cutout of ¼ of the side; the shift, zoom and cutout move the alpha with the colour (Alpha-CLIP must
 *     see the region where the object is);</li>
 * <li>background augmentation (optional): every copy over every random background, {@code rgb + background·T}
 *     with the rendered transmittance T (the rendered colour already holds the white background, as in the
 *     official code);</li>
 * <li>one random crop of the batch (the official {@code RandomCrop(R − 16)} at 224, scaled), resized to the
 *     encoder's resolution, normalised with the model's statistics; the alpha {@code 1 − T} (or all ones when the
 *     region is not given to the encoder) normalised as Alpha-CLIP's masks are.</li>
 * </ol>
 * Every step is linear in the rendered colour and transmittance, so {@link #backward} applies the adjoints in
 * reverse order.
 */
public final class AugmentationPlan {

    private final int renderSize;
    private final int encoderSize;
    private final float[] mean;
    private final float[] std;
    private final float alphaMean;
    private final float alphaStd;
    private final boolean alphaGuidance;
    private final List<List<ImageOp>> copyGeometry = new ArrayList<>();
    private final List<ColourJitter> copyColour = new ArrayList<>();
    private final Planes[] backgrounds;
    private final BilinearWarp crop;

    /**
     * Draws one step's augmentations.
     *
     * @param random this step's random source
     * @param renderSize the rendered image's side
     * @param encoderSize the encoder's input side
     * @param copies DiffAugment copies (the official {@code num_diffs})
     * @param backgrounds random backgrounds per copy, 0 for none
     * @param alphaGuidance whether the encoder's alpha is the rendered opacity (else all ones)
     * @param mean the encoder's per-channel mean
     * @param std the encoder's per-channel standard deviation
     * @param alphaMean the encoder's alpha mean
     * @param alphaStd the encoder's alpha standard deviation
     */
    public AugmentationPlan(SplittableRandom random, int renderSize, int encoderSize, int copies, int backgrounds,
            boolean alphaGuidance, float[] mean, float[] std, float alphaMean, float alphaStd) {
        this.renderSize = renderSize;
        this.encoderSize = encoderSize;
        this.mean = mean.clone();
        this.std = std.clone();
        this.alphaMean = alphaMean;
        this.alphaStd = alphaStd;
        this.alphaGuidance = alphaGuidance;
        int maxShift = (int) (renderSize / 8.0 + 0.5);
        int cutSize = (int) (renderSize / 4.0 + 0.5);
        double zoom = 0.8 + 0.4 * random.nextDouble();
        for (int copy = 0; copy < copies; copy++) {
            copyColour.add(new ColourJitter((float) (random.nextDouble() - 0.5), (float) (2 * random.nextDouble()),
                    (float) (0.5 + random.nextDouble())));
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            copyGeometry.add(List.of(BilinearWarp.shift(renderSize, renderSize, dx, dy),
                    BilinearWarp.zoom(renderSize, renderSize, zoom),
                    new Cutout(random.nextInt(renderSize) - cutSize / 2, random.nextInt(renderSize) - cutSize / 2,
                            cutSize)));
        }
        this.backgrounds = backgrounds > 0 ? Backgrounds.draw(random, backgrounds, renderSize) : new Planes[0];
        int cropSize = Math.max(1, renderSize - Math.round(renderSize * 16f / 224f));
        int x0 = random.nextInt(renderSize - cropSize + 1);
        int y0 = random.nextInt(renderSize - cropSize + 1);
        this.crop = BilinearWarp.cropResize(x0, y0, cropSize, encoderSize);
    }

    /** The number of encoder images this plan makes. */
    public int batchSize() {
        return copyGeometry.size() * Math.max(1, backgrounds.length);
    }

    /**
     * The encoder's batch from the rendered view.
     *
     * @param rgb the rendered colour with the white background, 3 planes
     * @param transmittance the rendered transmittance, 1 plane
     */
    public ImageBatch forward(Planes rgb, Planes transmittance) {
        int count = batchSize();
        int plane = encoderSize * encoderSize;
        float[] pixels = new float[count * 3 * plane];
        float[] alpha = new float[count * plane];
        Planes opacity = Planes.zeros(1, renderSize, renderSize);
        for (int i = 0; i < opacity.values().length; i++) {
            opacity.values()[i] = alphaGuidance ? 1 - transmittance.values()[i] : 1f;
        }
        int image = 0;
        for (int copy = 0; copy < copyGeometry.size(); copy++) {
            Planes colour = copyColour.get(copy).forward(rgb);
            Planes copyAlpha = opacity;
            for (ImageOp op : copyGeometry.get(copy)) {
                colour = op.forward(colour);
                copyAlpha = op.forward(copyAlpha);
            }
            Planes alphaIn = crop.forward(copyAlpha);
            for (int b = 0; b < Math.max(1, backgrounds.length); b++) {
                Planes composite = backgrounds.length == 0 ? colour : composite(colour, backgrounds[b], transmittance);
                Planes encoderImage = crop.forward(composite);
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < plane; p++) {
                        pixels[(image * 3 + c) * plane + p] = (encoderImage.values()[c * plane + p] - mean[c]) / std[c];
                    }
                }
                for (int p = 0; p < plane; p++) {
                    alpha[image * plane + p] = (alphaIn.values()[p] - alphaMean) / alphaStd;
                }
                image++;
            }
        }
        return new ImageBatch(count, encoderSize, pixels, alpha);
    }

    private static Planes composite(Planes colour, Planes background, Planes transmittance) {
        int plane = colour.planeSize();
        float[] out = colour.values().clone();
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                out[c * plane + p] += background.values()[c * plane + p] * transmittance.values()[p];
            }
        }
        return new Planes(3, colour.height(), colour.width(), out);
    }

    /**
     * Carries the gradient with respect to the encoder's inputs back to the rendered view.
     *
     * @param pixelGradient d loss / d normalised pixels, laid out as the batch
     * @param alphaGradient d loss / d normalised alpha, laid out as the batch
     * @return d loss / d rgb (3 planes) and d loss / d transmittance (1 plane)
     */
    public Planes[] backward(float[] pixelGradient, float[] alphaGradient) {
        int plane = encoderSize * encoderSize;
        Planes rgbGradient = Planes.zeros(3, renderSize, renderSize);
        Planes transmittanceGradient = Planes.zeros(1, renderSize, renderSize);
        int image = 0;
        for (int copy = 0; copy < copyGeometry.size(); copy++) {
            Planes colourGradient = Planes.zeros(3, renderSize, renderSize);
            Planes encoderAlpha = Planes.zeros(1, encoderSize, encoderSize);
            for (int b = 0; b < Math.max(1, backgrounds.length); b++) {
                Planes encoderImage = Planes.zeros(3, encoderSize, encoderSize);
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < plane; p++) {
                        encoderImage.values()[c * plane + p] = pixelGradient[(image * 3 + c) * plane + p] / std[c];
                    }
                }
                for (int p = 0; p < plane; p++) {
                    encoderAlpha.values()[p] += alphaGradient[image * plane + p] / alphaStd;
                }
                Planes composite = crop.backward(encoderImage);
                add(colourGradient, composite);
                if (backgrounds.length > 0) {
                    int renderPlane = renderSize * renderSize;
                    for (int c = 0; c < 3; c++) {
                        for (int p = 0; p < renderPlane; p++) {
                            transmittanceGradient.values()[p] += composite.values()[c * renderPlane + p]
                                    * backgrounds[b].values()[c * renderPlane + p];
                        }
                    }
                }
                image++;
            }
            Planes alphaCopy = crop.backward(encoderAlpha);
            List<ImageOp> geometry = copyGeometry.get(copy);
            for (int i = geometry.size() - 1; i >= 0; i--) {
                colourGradient = geometry.get(i).backward(colourGradient);
                alphaCopy = geometry.get(i).backward(alphaCopy);
            }
            add(rgbGradient, copyColour.get(copy).backward(colourGradient));
            if (alphaGuidance) {
                for (int p = 0; p < alphaCopy.values().length; p++) {
                    transmittanceGradient.values()[p] -= alphaCopy.values()[p];
                }
            }
        }
        return new Planes[] {rgbGradient, transmittanceGradient};
    }

    private static void add(Planes target, Planes increment) {
        for (int i = 0; i < target.values().length; i++) {
            target.values()[i] += increment.values()[i];
        }
    }
}
