package org.alphaclip.api.gradient;

import java.util.List;

import org.alphaclip.api.EncoderException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens the differentiable image towers of the live model packages that carry one (a TorchScript {@code visual.pt},
 * written by the exporter's {@code --torchscript}). Towers are shared: one loaded module per package and device,
 * reference counted across users, listed by {@code alphaclip:sessions}.
 */
@ProviderType
public interface DifferentiableEncoders {

    /** The names of the live packages with a differentiable image tower. */
    List<String> models();

    /**
     * A handle on a package's differentiable image tower.
     *
     * @param model the package name; empty for the default package
     * @throws EncoderException when no such package is live, its package has no TorchScript tower, the PyTorch
     *         engine is not installed, or the module does not load
     */
    DifferentiableEncoder open(String model) throws EncoderException;
}
