package org.alphaclip.nerf.internal;

import java.util.List;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code nerf} task's self-description for {@code alphaclip:tasks}. */
@Component(service = Task.class)
public final class NerfTask implements Task {

    private final String version;

    /** The description, with this bundle's version. */
    @Activate
    public NerfTask(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("nerf", version, "Text-to-3D with PureCLIPNeRF: voxel grids optimised so that Alpha-CLIP,"
                + " given the rendered opacity as its alpha, matches their views to a prompt (nerf:create, nerf:render,"
                + " nerf:evaluate, nerf:bench); the TextTo3D service",
                List.of("nerf:create", "nerf:render", "nerf:evaluate", "nerf:bench"), List.of());
    }
}
