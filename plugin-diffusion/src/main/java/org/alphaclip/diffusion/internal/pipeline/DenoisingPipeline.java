package org.alphaclip.diffusion.internal.pipeline;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.diffusion.internal.model.UNet;
import org.alphaclip.diffusion.internal.model.VaeDecoder;
import org.alphaclip.diffusion.internal.schedule.Scheduler;
import org.alphaclip.diffusion.internal.schedule.StepOutput;
import org.alphaclip.sdk.random.GaussianNoise;

/**
 * The denoising loop of Stable Diffusion pipelines with the parts kept apart: the {@link UNet} predicts noise under a
 * conditioning sequence, a {@link Scheduler} steps the latents back, the {@link VaeDecoder} and {@link #toImage} turn
 * latents into pixels. The conditioning is made elsewhere: for image variations it is the image embedding as a
 * length-1 sequence ({@link #conditioning}), for BLIP-Diffusion the text encoder's output with the subject's query
 * embeddings inside ({@code SubjectConditioning}). {@link #denoise(FloatTensor, FloatTensor, Scheduler, int, double,
 * LoopObserver)} writes the loop out as diffusers' {@code StableDiffusionImageVariationPipeline} and
 * {@code BlipDiffusionPipeline} run it: with guidance above 1 the UNet sees the latents twice, under the unconditional
 * sequence (first) and the conditional one, and the two predictions are extrapolated.
 */
public final class DenoisingPipeline {

    private final UNet unet;
    private final VaeDecoder vae;

    /** A pipeline over a package's UNet and VAE decoder. */
    public DenoisingPipeline(UNet unet, VaeDecoder vae) {
        this.unet = unet;
        this.vae = vae;
    }

    /**
     * What the UNet attends to: the embedding as a length-1 sequence {@code [1, 1, dim]}; with classifier-free guidance
     * {@code [2, 1, dim]} with an all-zero embedding first, as diffusers' {@code torch.zeros_like}.
     */
    public static FloatTensor conditioning(float[] embedding, boolean guided) {
        int dim = embedding.length;
        float[] values = new float[(guided ? 2 : 1) * dim];
        System.arraycopy(embedding, 0, values, guided ? dim : 0, dim);
        return new FloatTensor(new long[] {guided ? 2 : 1, 1, dim}, values);
    }

    /** Standard normal noise of a shape from a seed ({@link GaussianNoise}: not the same numbers as PyTorch's). */
    public static FloatTensor noise(long seed, long[] shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return new FloatTensor(shape, new GaussianNoise(seed).next((int) count));
    }

    /**
     * The image-variation loop: {@link #denoise(FloatTensor, FloatTensor, Scheduler, int, double, LoopObserver)} under
     * {@link #conditioning the embedding as a sequence} (with a zero embedding as the unconditional half).
     */
    public FloatTensor denoise(float[] embedding, FloatTensor noise, Scheduler scheduler, int steps, double guidance,
            LoopObserver observer) throws SessionException, InterruptedException {
        return denoise(conditioning(embedding, guidance > 1), noise, scheduler, steps, guidance, observer);
    }

    /**
     * The denoising loop from the initial noise to the final latents.
     *
     * @param context what the UNet attends to: {@code [2, S, dim]} with the unconditional sequence first when
     *        {@code guidance > 1}, else {@code [1, S, dim]}
     * @param noise {@code [1, channels, h, w]} standard normal noise; the latents start as {@code noise *
     *        initNoiseSigma}
     * @param guidance the classifier-free guidance scale; at 1 or below the UNet runs once per step, unguided
     * @throws InterruptedException when the thread is interrupted; the loop stops between steps
     */
    public FloatTensor denoise(FloatTensor context, FloatTensor noise, Scheduler scheduler, int steps, double guidance,
            LoopObserver observer) throws SessionException, InterruptedException {
        boolean guided = guidance > 1;
        if (context.shape()[0] != (guided ? 2 : 1)) {
            throw new IllegalArgumentException("the conditioning has " + context.shape()[0] + " sequences; guidance "
                    + guidance + " needs " + (guided ? 2 : 1));
        }
        scheduler.setTimesteps(steps);
        double[] timesteps = scheduler.timesteps();
        long[] shape = noise.shape();
        float[] latents = noise.data().clone();
        float sigma = scheduler.initNoiseSigma();
        for (int i = 0; i < latents.length; i++) {
            latents[i] *= sigma;
        }
        for (int step = 0; step < timesteps.length; step++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("denoising stopped before step " + (step + 1) + " of " + timesteps.length);
            }
            // 1. the UNet's input: the latents (twice with guidance), scaled as the scheduler asks
            float[] scaled = scheduler.scaleModelInput(latents, step);
            FloatTensor modelInput = guided ? twice(scaled, shape) : new FloatTensor(shape, scaled);
            // 2. the predicted noise, then guidance: uncond + g * (cond - uncond)
            FloatTensor predicted = unet.predict(modelInput, new double[] {timesteps[step]}, context);
            float[] noisePrediction = guided ? guide(predicted.data(), (float) guidance) : predicted.data();
            // 3. one scheduler step back in noise
            StepOutput out = scheduler.step(step, noisePrediction, latents);
            latents = out.prevSample();
            observer.stepped(step, timesteps.length, timesteps[step], modelInput, new FloatTensor(shape, noisePrediction),
                    new FloatTensor(shape, latents));
        }
        return new FloatTensor(shape, latents);
    }

    /** The VAE's decoding of final latents, {@code [1, 3, H, W]} in about [-1, 1]. */
    public FloatTensor decode(FloatTensor latents) throws SessionException {
        return vae.decode(latents);
    }

    /**
     * One decoded image as pixels: {@code (x / 2 + 0.5)} clamped to [0, 1], times 255, rounded half to even, as diffusers'
     * {@code VaeImageProcessor.postprocess} for PIL output.
     */
    public static RgbImage toImage(FloatTensor decoded, int index) {
        int channels = (int) decoded.shape()[1];
        int height = (int) decoded.shape()[2];
        int width = (int) decoded.shape()[3];
        if (channels != 3) {
            throw new IllegalArgumentException("the VAE decoded " + channels + " channels, expected 3");
        }
        float[] planes = decoded.row(index);
        byte[] rgb = new byte[height * width * 3];
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float x = Math.max(0f, Math.min(1f, planes[c * plane + p] / 2f + 0.5f));
                rgb[p * 3 + c] = (byte) Math.rint(x * 255f);
            }
        }
        return new RgbImage(width, height, rgb, null);
    }

    private static FloatTensor twice(float[] values, long[] shape) {
        float[] both = new float[values.length * 2];
        System.arraycopy(values, 0, both, 0, values.length);
        System.arraycopy(values, 0, both, values.length, values.length);
        long[] doubled = shape.clone();
        doubled[0] *= 2;
        return new FloatTensor(doubled, both);
    }

    private static float[] guide(float[] halves, float scale) {
        int n = halves.length / 2;
        float[] guided = new float[n];
        for (int i = 0; i < n; i++) {
            float uncond = halves[i];
            guided[i] = uncond + scale * (halves[n + i] - uncond);
        }
        return guided;
    }
}
