package org.alphaclip.nerf;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears an optimisation's progress; may stop it by interrupting the thread. */
@ConsumerType
@FunctionalInterface
public interface NerfListener {

    /** Called after each step. */
    void step(NerfProgress progress);
}
