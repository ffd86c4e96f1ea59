package org.alphaclip.api.task;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A task bundle's self-description, published as an OSGi service so that {@code alphaclip:tasks} lists
 * it. A task bundle also sets the manifest header {@value #MANIFEST_HEADER} so that the host can report
 * it even when it fails to resolve or start.
 */
@ConsumerType
public interface Task {

    /** Manifest header naming the task a bundle provides; its value is the task name. */
    String MANIFEST_HEADER = "AlphaClip-Task";

    /** What the task is; called by the host, which reports (and survives) an exception. */
    TaskInfo info();
}
