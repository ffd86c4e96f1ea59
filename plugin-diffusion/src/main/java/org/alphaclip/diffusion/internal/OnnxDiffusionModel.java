package org.alphaclip.diffusion.internal;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.diffusion.DenoisingListener;
import org.alphaclip.diffusion.DiffusionException;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.diffusion.internal.model.UNet;
import org.alphaclip.diffusion.internal.model.VaeDecoder;
import org.alphaclip.diffusion.internal.pipeline.ImageVariationPipeline;
import org.alphaclip.diffusion.internal.pkg.DiffusionPackage;
import org.alphaclip.diffusion.internal.schedule.Scheduler;
import org.alphaclip.diffusion.internal.schedule.SchedulerKind;

/**
 * A diffusion package opened on the shared sessions: its UNet and VAE decoder, and a new scheduler of the chosen kind
 * per generation (schedulers hold the state of one loop), read from the package's scheduler configuration.
 */
final class OnnxDiffusionModel implements DiffusionModel {

    private final DiffusionPackage pkg;
    private final UNet unet;
    private final VaeDecoder vae;
    private final ImageVariationPipeline pipeline;
    private volatile boolean closed;

    private OnnxDiffusionModel(DiffusionPackage pkg, UNet unet, VaeDecoder vae) {
        this.pkg = pkg;
        this.unet = unet;
        this.vae = vae;
        this.pipeline = new ImageVariationPipeline(unet, vae);
    }

    /** Opens the package's graphs; closes what it opened when one fails. */
    static OnnxDiffusionModel open(DiffusionPackage pkg, InferenceSessions sessions) throws InvalidModelException {
        UNet unet = UNet.open(sessions, pkg.unet());
        try {
            return new OnnxDiffusionModel(pkg, unet, VaeDecoder.open(sessions, pkg.vaeDecoder(), pkg.scalingFactor()));
        } catch (InvalidModelException | RuntimeException e) {
            unet.close();
            throw e;
        }
    }

    @Override
    public DiffusionPackageInfo info() {
        return pkg.info();
    }

    @Override
    public RgbImage vary(float[] embedding, VariationSettings settings, DenoisingListener listener)
            throws DiffusionException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("Diffusion package " + info().name() + " is closed");
        }
        int dim = info().conditioningDim();
        if (embedding.length != dim) {
            throw new DiffusionException("The embedding has " + embedding.length + " values; " + info().name()
                    + " is conditioned on " + dim + " (the encoder package it was trained on: " + info().encoder() + ")");
        }
        for (float v : embedding) {
            if (!Float.isFinite(v)) {
                throw new DiffusionException("The embedding holds a value that is not finite (" + v + ")");
            }
        }
        Scheduler scheduler;
        try {
            SchedulerKind kind = settings.scheduler().isEmpty() ? pkg.scheduler().kind() : SchedulerKind.of(settings.scheduler());
            scheduler = kind.create(pkg.scheduler().as(kind));
            scheduler.setTimesteps(settings.steps());
        } catch (IllegalArgumentException e) {
            throw new DiffusionException(e.getMessage(), e);
        }
        FloatTensor noise = ImageVariationPipeline.noise(settings.seed(),
                new long[] {1, pkg.latentChannels(), pkg.latentSize(), pkg.latentSize()});
        try {
            FloatTensor latents = pipeline.denoise(embedding, noise, scheduler, settings.steps(), settings.guidance(),
                    (index, total, t, input, guided, after) -> listener.stepDone(index + 1, total));
            return ImageVariationPipeline.toImage(pipeline.decode(latents), 0);
        } catch (SessionException e) {
            throw new DiffusionException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            unet.close();
            vae.close();
        }
    }
}
