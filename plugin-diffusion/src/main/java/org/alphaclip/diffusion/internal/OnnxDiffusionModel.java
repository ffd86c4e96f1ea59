package org.alphaclip.diffusion.internal;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.diffusion.DenoisingListener;
import org.alphaclip.diffusion.DiffusionException;
import org.alphaclip.diffusion.DiffusionModel;
import org.alphaclip.diffusion.DiffusionPackageInfo;
import org.alphaclip.diffusion.SubjectPrompt;
import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.diffusion.internal.model.UNet;
import org.alphaclip.diffusion.internal.model.VaeDecoder;
import org.alphaclip.diffusion.internal.pipeline.DenoisingPipeline;
import org.alphaclip.diffusion.internal.pkg.DiffusionPackage;
import org.alphaclip.diffusion.internal.pkg.SubjectParts;
import org.alphaclip.diffusion.internal.schedule.Scheduler;
import org.alphaclip.diffusion.internal.schedule.SchedulerKind;
import org.alphaclip.diffusion.internal.subject.ContextTextEncoder;
import org.alphaclip.diffusion.internal.subject.SubjectConditioning;
import org.alphaclip.diffusion.internal.subject.SubjectPrompts;
import org.alphaclip.diffusion.internal.subject.SubjectQFormer;

/**
 * A diffusion package opened on the shared sessions: its UNet and VAE decoder (and, for a subject-driven package, its
 * Q-Former, text encoder and tokenizers), and a new scheduler of the chosen kind per generation (schedulers hold the
 * state of one loop), read from the package's scheduler configuration.
 */
final class OnnxDiffusionModel implements DiffusionModel {

    private final DiffusionPackage pkg;
    private final List<AutoCloseable> parts;
    private final DenoisingPipeline pipeline;
    private final SubjectConditioning subject;
    private volatile boolean closed;

    private OnnxDiffusionModel(DiffusionPackage pkg, List<AutoCloseable> parts, DenoisingPipeline pipeline,
            SubjectConditioning subject) {
        this.pkg = pkg;
        this.parts = List.copyOf(parts);
        this.pipeline = pipeline;
        this.subject = subject;
    }

    /** Opens the package's graphs and tokenizers; closes what it opened when one fails. */
    static OnnxDiffusionModel open(DiffusionPackage pkg, InferenceSessions sessions) throws InvalidModelException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            UNet unet = keep(opened, UNet.open(sessions, pkg.unet()));
            VaeDecoder vae = keep(opened, VaeDecoder.open(sessions, pkg.vaeDecoder(), pkg.scalingFactor()));
            SubjectConditioning subject = null;
            SubjectParts parts = pkg.subject();
            if (parts != null) {
                subject = new SubjectConditioning(parts, keep(opened, SubjectQFormer.open(sessions, parts.qformer())),
                        keep(opened, ContextTextEncoder.open(sessions, parts.tokenEmbedding(), parts.textEncoder())),
                        keep(opened, SubjectPrompts.open(parts)));
            }
            return new OnnxDiffusionModel(pkg, opened, new DenoisingPipeline(unet, vae), subject);
        } catch (InvalidModelException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> opened, T part) {
        opened.add(part);
        return part;
    }

    @Override
    public DiffusionPackageInfo info() {
        return pkg.info();
    }

    @Override
    public RgbImage vary(float[] embedding, VariationSettings settings, DenoisingListener listener)
            throws DiffusionException, InterruptedException {
        checkOpen();
        if (subject != null) {
            throw new DiffusionException(info().name() + " is a subject-driven package (BLIP-Diffusion): it generates from"
                    + " a subject and a prompt (diffusion:subject), not from an embedding");
        }
        int dim = info().conditioningDim();
        if (embedding.length != dim) {
            throw new DiffusionException("The embedding has " + embedding.length + " values; " + info().name()
                    + " is conditioned on " + dim + " (the encoder package it was trained on: " + info().encoder() + ")");
        }
        requireFinite(embedding, "The embedding holds");
        Scheduler scheduler = scheduler(settings);
        try {
            return generate(DenoisingPipeline.conditioning(embedding, settings.guidance() > 1), scheduler, settings,
                    listener);
        } catch (SessionException e) {
            throw new DiffusionException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public RgbImage subject(SubjectPrompt prompt, VariationSettings settings, DenoisingListener listener)
            throws DiffusionException, InterruptedException {
        checkOpen();
        if (subject == null) {
            throw new DiffusionException(info().name() + " is an image-variation package: it generates from an image"
                    + " embedding (diffusion:vary), not from a subject and a prompt");
        }
        long width = prompt.imageTokens().shape()[2];
        if (width != info().conditioningDim()) {
            throw new DiffusionException("The image tokens are " + width + " wide; " + info().name() + " reads "
                    + info().conditioningDim() + "-wide tokens (of the encoder package " + info().encoder() + ")");
        }
        requireFinite(prompt.imageTokens().data(), "The image tokens hold");
        Scheduler scheduler = scheduler(settings);
        try {
            return generate(subject.context(prompt, settings.guidance() > 1), scheduler, settings, listener);
        } catch (IllegalArgumentException e) {
            throw new DiffusionException(e.getMessage(), e);
        } catch (SessionException e) {
            throw new DiffusionException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
        }
    }

    private RgbImage generate(FloatTensor context, Scheduler scheduler, VariationSettings settings,
            DenoisingListener listener) throws SessionException, InterruptedException {
        FloatTensor noise = DenoisingPipeline.noise(settings.seed(),
                new long[] {1, pkg.latentChannels(), pkg.latentSize(), pkg.latentSize()});
        FloatTensor latents = pipeline.denoise(context, noise, scheduler, settings.steps(), settings.guidance(),
                (index, total, t, input, guided, after) -> listener.stepDone(index + 1, total));
        return DenoisingPipeline.toImage(pipeline.decode(latents), 0);
    }

    /** A new scheduler of the settings' kind (the package's when empty), its timesteps set. */
    private Scheduler scheduler(VariationSettings settings) throws DiffusionException {
        try {
            SchedulerKind kind = settings.scheduler().isEmpty() ? pkg.scheduler().kind() : SchedulerKind.of(settings.scheduler());
            Scheduler scheduler = kind.create(pkg.scheduler().as(kind));
            scheduler.setTimesteps(settings.steps());
            return scheduler;
        } catch (IllegalArgumentException e) {
            throw new DiffusionException(e.getMessage(), e);
        }
    }

    private static void requireFinite(float[] values, String what) throws DiffusionException {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new DiffusionException(what + " a value that is not finite (" + v + ")");
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Diffusion package " + info().name() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeAll(parts);
        }
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // the parts' close methods release native memory and throw nothing checked
                throw new IllegalStateException(e);
            }
        }
    }
}
