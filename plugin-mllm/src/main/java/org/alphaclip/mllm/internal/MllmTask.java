package org.alphaclip.mllm.internal;

import java.util.List;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code mllm} task's self-description for {@code alphaclip:tasks}. */
@Component(service = Task.class)
public final class MllmTask implements Task {

    private final String version;

    /** The description, with this bundle's version. */
    @Activate
    public MllmTask(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("mllm", version, "Multimodal LLMs on the Alpha-CLIP encoder: LLaVA-1.5 and BLIP-2 packages"
                + " answer about and caption an image's region (mllm:ask, mllm:caption, mllm:chat); the MultimodalModels"
                + " service",
                List.of("mllm:ask", "mllm:caption", "mllm:chat"), List.of());
    }
}
