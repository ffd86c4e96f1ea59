package org.alphaclip.api.task;

import java.util.List;

/**
 * A task's description.
 *
 * @param name short unique name, e.g. {@code rec}
 * @param version the task's version
 * @param description one sentence for people
 * @param commands the Gogo commands it adds, as {@code scope:function}
 * @param models names of model packages it needs (empty: works with the default model)
 */
public record TaskInfo(String name, String version, String description, List<String> commands, List<String> models) {

    /** Copies the lists. */
    public TaskInfo {
        commands = List.copyOf(commands);
        models = List.copyOf(models);
    }
}
