package org.alphaclip.it.throwing;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.osgi.service.component.annotations.Component;

/** A broken task for tests: describing itself throws. */
@Component(service = Task.class)
public final class ThrowingTask implements Task {

    @Override
    public TaskInfo info() {
        throw new IllegalStateException("this task is broken on purpose");
    }
}
