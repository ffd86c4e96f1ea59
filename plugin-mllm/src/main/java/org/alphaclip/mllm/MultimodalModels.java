package org.alphaclip.mllm;

import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens multimodal model packages (folders written by {@code tools/export/export_llava.py} or
 * {@code export_blip2.py}); the manifest's {@code architecture.family}, {@code llava} or {@code blip2}, says which
 * model runs the package. Opening verifies the manifest, every file's SHA-256 and the graphs' inputs and outputs, and
 * loads the graphs into the shared inference sessions.
 */
@ProviderType
public interface MultimodalModels {

    /**
     * Opens a package folder; the caller closes the model.
     *
     * @throws InvalidModelException with one sentence naming the file or field when the package is missing,
     *         damaged or of another kind
     */
    MultimodalModel open(Path folder) throws InvalidModelException;

    /** Reads and verifies a package folder without loading its graphs. */
    MultimodalPackageInfo inspect(Path folder) throws InvalidModelException;
}
