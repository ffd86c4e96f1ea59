package org.alphaclip.diffusion.internal.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.session.PackageGraph;

/**
 * The VAE decoder of diffusers' ONNX layout: {@code latent_sample [batch, channels, h, w]} to {@code sample
 * [batch, 3, h * f, w * f]} in about [-1, 1]. Latents are divided by the VAE's scaling factor first, as diffusers does.
 */
public final class VaeDecoder implements AutoCloseable {

    static final String LATENT = "latent_sample";
    static final String OUT = "sample";

    private final PackageGraph graph;
    private final float scalingFactor;

    private VaeDecoder(PackageGraph graph, float scalingFactor) {
        this.graph = graph;
        this.scalingFactor = scalingFactor;
    }

    /**
     * Opens the decoder graph.
     *
     * @throws InvalidModelException naming the file when its inputs or outputs do not fit
     */
    public static VaeDecoder open(InferenceSessions sessions, Path file, float scalingFactor) throws InvalidModelException {
        return new VaeDecoder(PackageGraph.open(sessions, file, List.of(LATENT), List.of(OUT)), scalingFactor);
    }

    /** The decoded images {@code [batch, 3, H, W]} of latents as the denoising loop leaves them. */
    public FloatTensor decode(FloatTensor latents) throws SessionException {
        float[] scaled = latents.data().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] /= scalingFactor;
        }
        return graph.runFloat(Map.of(LATENT, new FloatTensor(latents.shape(), scaled)), OUT);
    }

    @Override
    public void close() {
        graph.close();
    }
}
