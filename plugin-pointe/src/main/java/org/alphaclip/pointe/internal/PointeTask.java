package org.alphaclip.pointe.internal;

import java.util.List;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code pointe} task's self-description for {@code alphaclip:tasks} and the web page. */
@Component(service = Task.class)
public final class PointeTask implements Task {

    private final String version;

    /** The description, with this bundle's version. */
    @Activate
    public PointeTask(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("pointe", version, "Image-to-3D point clouds with Point-E conditioned on Alpha-CLIP's grid"
                + " tokens under a region (pointe:generate, pointe:eval, pointe:bench)",
                List.of("pointe:generate", "pointe:eval", "pointe:bench"), List.of());
    }
}
