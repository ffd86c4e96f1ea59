package org.alphaclip.pointe.internal;

import java.util.Arrays;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.pointe.PointCloud;
import org.alphaclip.pointe.PointCloudModel;
import org.alphaclip.pointe.PointeException;
import org.alphaclip.pointe.PointePackageInfo;
import org.alphaclip.pointe.SamplingListener;
import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.pointe.internal.model.PointTransformer;
import org.alphaclip.pointe.internal.pipeline.PointCloudPipeline;
import org.alphaclip.pointe.internal.pkg.PointePackage;
import org.alphaclip.pointe.internal.sampler.DiffusionSchedule;
import org.alphaclip.sdk.random.GaussianNoise;

/** A Point-E package opened on the shared sessions: its transformers and the two-stage pipeline over them. */
final class OnnxPointCloudModel implements PointCloudModel {

    private final PointePackage pkg;
    private final PointTransformer base;
    private final PointTransformer upsampler;
    private final PointCloudPipeline pipeline;
    private volatile boolean closed;

    private OnnxPointCloudModel(PointePackage pkg, PointTransformer base, PointTransformer upsampler) {
        this.pkg = pkg;
        this.base = base;
        this.upsampler = upsampler;
        PointePackageInfo info = pkg.info();
        this.pipeline = new PointCloudPipeline(base, DiffusionSchedule.named(pkg.baseSchedule(), pkg.baseTimesteps()),
                info.basePoints(), upsampler, upsampler == null ? null
                        : DiffusionSchedule.named(pkg.upsamplerSchedule(), pkg.upsamplerTimesteps()),
                info.upsampledPoints(), pkg.scales(), pkg.biases());
    }

    /** Opens the package's graphs; closes what it opened when one fails. */
    static OnnxPointCloudModel open(PointePackage pkg, InferenceSessions sessions) throws InvalidModelException {
        PointTransformer base = PointTransformer.open(sessions, pkg.base(), false);
        try {
            PointTransformer up = pkg.upsampler() == null ? null : PointTransformer.open(sessions, pkg.upsampler(), true);
            return new OnnxPointCloudModel(pkg, base, up);
        } catch (InvalidModelException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    @Override
    public PointePackageInfo info() {
        return pkg.info();
    }

    @Override
    public PointCloud generate(FloatTensor grid, SamplingSettings settings, SamplingListener listener)
            throws PointeException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("Point-E package " + info().name() + " is closed");
        }
        long[] shape = grid.shape();
        if (shape.length != 3 || shape[0] != 1 || shape[1] != info().gridWidth()) {
            throw new PointeException("The grid tokens have shape " + Arrays.toString(shape) + "; "
                    + info().name() + " reads [1, " + info().gridWidth() + ", tokens] (of the encoder package "
                    + info().encoder() + ")");
        }
        for (float v : grid.data()) {
            if (!Float.isFinite(v)) {
                throw new PointeException("The grid tokens hold a value that is not finite (" + v + ")");
            }
        }
        if (settings.upsample() && upsampler != null && settings.upsampler() == null) {
            throw new PointeException("Upsampling needs the upsampler's settings");
        }
        GaussianNoise noise = new GaussianNoise(settings.seed());
        try {
            return PointCloudPipeline.toPointCloud(pipeline.sample(grid, settings, noise::next, listener), 0);
        } catch (SessionException e) {
            throw new PointeException("Inference with " + info().name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            base.close();
            if (upsampler != null) {
                upsampler.close();
            }
        }
    }
}
