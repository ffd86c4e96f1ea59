package org.alphaclip.diffusion;

import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.osgi.annotation.versioning.ProviderType;

/** Opens diffusion packages on the shared inference sessions. */
@ProviderType
public interface DiffusionModels {

    /**
     * Opens a package folder; the caller closes the model.
     *
     * @throws InvalidModelException with one sentence naming the file or field when the package is missing, damaged
     *         or of another kind
     */
    DiffusionModel open(Path folder) throws InvalidModelException;

    /** Reads and verifies a package folder without loading its graphs. */
    DiffusionPackageInfo inspect(Path folder) throws InvalidModelException;
}
