package org.alphaclip.pointe;

import org.osgi.annotation.versioning.ConsumerType;

/** Told after each sampler step, for a progress bar. */
@FunctionalInterface
@ConsumerType
public interface SamplingListener {

    /** A listener that does nothing. */
    SamplingListener NONE = (stage, done, total) -> { };

    /**
     * One step of a stage is done.
     *
     * @param stage {@code base} or {@code upsampler}
     * @param done steps done in this stage
     * @param total steps of this stage
     */
    void stepDone(String stage, int done, int total);
}
