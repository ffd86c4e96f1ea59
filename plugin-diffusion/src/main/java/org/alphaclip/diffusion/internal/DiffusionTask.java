package org.alphaclip.diffusion.internal;

import java.util.List;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code diffusion} task's self-description for {@code alphaclip:tasks} and the web page. */
@Component(service = Task.class)
public final class DiffusionTask implements Task {

    private final String version;

    /** The description, with this bundle's version. */
    @Activate
    public DiffusionTask(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("diffusion", version, "Region-focused image variation by diffusion on Alpha-CLIP's image"
                + " embedding under a region, and subject-driven generation (diffusion:vary, diffusion:subject,"
                + " diffusion:eval, diffusion:bench)",
                List.of("diffusion:vary", "diffusion:subject", "diffusion:eval", "diffusion:bench"), List.of());
    }
}
