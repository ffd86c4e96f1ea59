package org.alphaclip.core.internal.torch;

import java.util.concurrent.atomic.AtomicBoolean;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.api.gradient.ImageBatch;
import org.alphaclip.api.gradient.SimilarityGradient;
import org.alphaclip.api.model.ModelInfo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * A package's TorchScript image tower ({@code (image, alpha) → image_embedding}) run with autograd: the
 * cosine similarity to a target embedding is differentiated back to both inputs.
 */
final class TorchScriptEncoder implements DifferentiableEncoder {

    private final ModelInfo info;
    private final ModuleHandle handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    TorchScriptEncoder(ModelInfo info, ModuleHandle handle) {
        this.info = info;
        this.handle = handle;
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public String device() {
        return handle.device();
    }

    @Override
    public float[][] embed(ImageBatch images) throws EncoderException {
        check(images);
        long start = System.nanoTime();
        try (NDManager manager = handle.model().getNDManager().newSubManager()) {
            NDArray embedding = forward(manager, images);
            float[] values = embedding.toFloatArray();
            int width = info.embedDim();
            float[][] rows = new float[images.count()][width];
            for (int i = 0; i < images.count(); i++) {
                System.arraycopy(values, i * width, rows[i], 0, width);
            }
            handle.record(System.nanoTime() - start);
            return rows;
        } catch (RuntimeException e) {
            throw new EncoderException("The TorchScript image tower of '" + info.name() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SimilarityGradient similarityGradient(ImageBatch images, float[] target) throws EncoderException {
        check(images);
        if (target.length != info.embedDim()) {
            throw new EncoderException("The target embedding has " + target.length + " values; '" + info.name()
                    + "' embeds in " + info.embedDim());
        }
        double norm = 0;
        for (float value : target) {
            norm += value * value;
        }
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new EncoderException("The target embedding is zero or not finite");
        }
        long start = System.nanoTime();
        TorchModules.AUTOGRAD.lock();
        try (NDManager manager = handle.model().getNDManager().newSubManager();
                GradientCollector collector = Engine.getEngine(TorchModules.ENGINE).newGradientCollector()) {
            NDArray pixels = manager.create(images.pixels(), new Shape(images.count(), 3, images.size(), images.size()));
            NDArray alpha = manager.create(images.alpha(), new Shape(images.count(), 1, images.size(), images.size()));
            pixels.setRequiresGradient(true);
            alpha.setRequiresGradient(true);
            NDArray embedding = run(manager, pixels, alpha);
            NDArray unit = embedding.div(embedding.norm(new int[] {1}, true));
            float[] targetUnit = new float[target.length];
            for (int i = 0; i < target.length; i++) {
                targetUnit[i] = (float) (target[i] / Math.sqrt(norm));
            }
            NDArray cosine = unit.matMul(manager.create(targetUnit, new Shape(target.length, 1))).reshape(-1);
            collector.backward(cosine.mean());
            SimilarityGradient result = new SimilarityGradient(cosine.toFloatArray(),
                    pixels.getGradient().toFloatArray(), alpha.getGradient().toFloatArray());
            handle.record(System.nanoTime() - start);
            return result;
        } catch (RuntimeException e) {
            throw new EncoderException("The TorchScript image tower of '" + info.name() + "' failed: "
                    + e.getMessage(), e);
        } finally {
            TorchModules.AUTOGRAD.unlock();
        }
    }

    private NDArray forward(NDManager manager, ImageBatch images) {
        NDArray pixels = manager.create(images.pixels(), new Shape(images.count(), 3, images.size(), images.size()));
        NDArray alpha = manager.create(images.alpha(), new Shape(images.count(), 1, images.size(), images.size()));
        return run(manager, pixels, alpha);
    }

    /**
     * One forward pass, always in the module's training mode: DJL switches a module run for inference to inference
     * tensors, after which autograd refuses it (the CLIP tower has no dropout or batch statistics, so the modes compute
     * the same); outside a gradient collector no graph is recorded.
     */
    private NDArray run(NDManager manager, NDArray pixels, NDArray alpha) {
        Block block = handle.model().getBlock();
        NDList output = block.forward(new ParameterStore(manager, false), new NDList(pixels, alpha), true);
        return output.singletonOrThrow();
    }

    private void check(ImageBatch images) throws EncoderException {
        if (closed.get()) {
            throw new IllegalStateException("This differentiable encoder of '" + info.name() + "' is closed");
        }
        int resolution = info.vision().resolution();
        if (images.size() != resolution) {
            throw new EncoderException("'" + info.name() + "' takes " + resolution + "x" + resolution
                    + " images, got " + images.size() + "x" + images.size());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            handle.close();
        }
    }
}
