package org.alphaclip.web.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What the page may run, read from the services at each request so that a task appears as soon as its bundle is
 * installed and goes when it is uninstalled: the installed {@link Task}s with their commands, the core's image
 * commands, and each command's options as its {@link Descriptor} and Gogo {@code @Parameter} annotations give them.
 */
final class CommandCatalogue {

    /** The core commands the page offers besides the tasks'. */
    static final List<String> CORE = List.of("alphaclip:classify", "alphaclip:overlay", "alphaclip:propose");

    private final BundleContext context;

    CommandCatalogue(BundleContext context) {
        this.context = context;
    }

    /** The installed tasks. */
    List<TaskInfo> tasks() {
        List<TaskInfo> tasks = new ArrayList<>();
        for (ServiceReference<Task> reference : references(Task.class, null)) {
            Task task = context.getService(reference);
            if (task != null) {
                try {
                    tasks.add(task.info());
                } finally {
                    context.ungetService(reference);
                }
            }
        }
        return tasks;
    }

    /** The commands the page may run now: the core's and the installed tasks'. */
    Set<String> commands() {
        Set<String> all = new LinkedHashSet<>(CORE);
        tasks().forEach(t -> all.addAll(t.commands()));
        return all;
    }

    /** An option of a command. */
    record Option(List<String> names, String help, boolean flag, String absent) {
    }

    /** A command's help and options; {@code positional} is the help of its trailing words, or empty. */
    record Command(String name, String help, List<Option> options, String positional) {
    }

    /**
     * The command's description.
     *
     * @throws WebException when no installed command has that name
     */
    Command describe(String name) {
        int colon = name.indexOf(':');
        if (colon < 0 || !commands().contains(name)) {
            throw new WebException(404, "No installed task has the command '" + name + "'; installed: "
                    + String.join(", ", commands()));
        }
        String scope = name.substring(0, colon);
        String function = name.substring(colon + 1);
        for (ServiceReference<?> reference : commandServices(scope, function)) {
            Object service = context.getService(reference);
            if (service == null) {
                continue;
            }
            try {
                Method method = widest(service.getClass(), function);
                if (method != null) {
                    return describe(name, method);
                }
            } finally {
                context.ungetService(reference);
            }
        }
        throw new WebException(404, "The command '" + name + "' is not available right now");
    }

    private static Command describe(String name, Method method) {
        List<Option> options = new ArrayList<>();
        String positional = "";
        for (Parameter parameter : method.getParameters()) {
            Descriptor descriptor = parameter.getAnnotation(Descriptor.class);
            String help = descriptor == null ? "" : descriptor.value();
            org.apache.felix.service.command.Parameter option =
                    parameter.getAnnotation(org.apache.felix.service.command.Parameter.class);
            if (option == null) {
                if (parameter.isVarArgs() || parameter.getType().isArray()) {
                    positional = help.startsWith("(no positional") ? "" : help;
                }
                continue;
            }
            boolean flag = !org.apache.felix.service.command.Parameter.UNSPECIFIED.equals(option.presentValue());
            options.add(new Option(List.of(option.names()), help, flag, option.absentValue()));
        }
        Descriptor about = method.getAnnotation(Descriptor.class);
        return new Command(name, about == null ? "" : about.value(), options, positional);
    }

    private static Method widest(Class<?> type, String function) {
        Method best = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(function) && (best == null || m.getParameterCount() > best.getParameterCount())) {
                best = m;
            }
        }
        return best;
    }

    /** The services publishing a Gogo command, whatever their class. */
    private ServiceReference<?>[] commandServices(String scope, String function) {
        try {
            ServiceReference<?>[] found = context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=" + scope + ")(osgi.command.function=" + function + "))");
            return found == null ? new ServiceReference<?>[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new WebException(400, "Not a command name: " + e.getMessage());
        }
    }

    private <S> Collection<ServiceReference<S>> references(Class<S> type, String filter) {
        try {
            return context.getServiceReferences(type, filter);
        } catch (InvalidSyntaxException e) {
            throw new WebException(400, "Not a command name: " + e.getMessage());
        }
    }
}
