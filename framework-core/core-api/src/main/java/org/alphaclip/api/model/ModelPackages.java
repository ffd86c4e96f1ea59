package org.alphaclip.api.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The model packages the application knows: those found in its model folders and those loaded by path.
 * Loading verifies the manifest, every file's SHA-256 and the graphs' inputs and outputs.
 */
@ProviderType
public interface ModelPackages {

    /** Every known package, the default first. */
    List<ModelInfo> list();

    /** The package with this name, if known. */
    Optional<ModelInfo> find(String name);

    /** The configured default package. */
    ModelInfo defaultModel() throws InvalidModelException;

    /**
     * Resolves a name or a package folder: a known name, else a folder holding a {@code manifest.json},
     * which is verified and made known (and gets an encoder service).
     */
    ModelInfo resolve(String nameOrFolder) throws InvalidModelException;

    /** Verifies a package folder without making it known. */
    ModelInfo inspect(Path folder) throws InvalidModelException;
}
