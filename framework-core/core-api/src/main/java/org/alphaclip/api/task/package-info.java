/**
 * The plugin SPI: what a task bundle implements ({@link org.alphaclip.api.task.Task}) and the progress
 * reporting it may use for long jobs. A task bundle also uses the services of {@code org.alphaclip.api},
 * {@code org.alphaclip.api.image}, {@code org.alphaclip.api.model} and {@code org.alphaclip.api.session}.
 *
 * <pre>{@code
 * @Component(service = {Task.class, MyCommands.class}, property = {
 *     "osgi.command.scope=my", "osgi.command.function=search"})
 * public class MyCommands implements Task {
 *     public TaskInfo info() {
 *         return new TaskInfo("my-task", "1.0.0", "Does one thing", List.of("my:search"), List.of());
 *     }
 * }
 * }</pre>
 */
@Version("1.0.0")
package org.alphaclip.api.task;

import org.osgi.annotation.versioning.Version;
