package org.alphaclip.diffusion;

import org.osgi.annotation.versioning.ConsumerType;

/** Told about the progress of a denoising loop (a progress bar, a web page). */
@ConsumerType
@FunctionalInterface
public interface DenoisingListener {

    /** A listener that ignores everything. */
    DenoisingListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} UNet evaluations steps are finished. */
    void stepDone(int done, int total);
}
