package org.alphaclip.pointe;

import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.osgi.annotation.versioning.ProviderType;

/** Opens Point-E packages on the shared inference sessions. */
@ProviderType
public interface PointCloudModels {

    /**
     * Opens a package folder; the caller closes the model.
     *
     * @throws InvalidModelException with one sentence naming the file or field when the package is missing, damaged
     *         or of another kind
     */
    PointCloudModel open(Path folder) throws InvalidModelException;

    /** Reads and verifies a package folder without loading its graphs. */
    PointePackageInfo inspect(Path folder) throws InvalidModelException;
}
