package org.alphaclip.sdk.command;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.felix.service.command.Parameter;

/**
 * Says which option value did not fit its parameter's type when Gogo could not call a command. Commands
 * declare numeric options as numbers ({@code int}, {@code double}, ...) and Gogo converts the text; when the
 * text is not such a number Gogo reports only {@code Cannot coerce f(String, ...) to any of [...]}. The shell
 * asks this class for the sentence instead: {@code --top expects a whole number, got 'five'}.
 */
public final class ArgumentTypes {

    private ArgumentTypes() {
    }

    /**
     * The first option of {@code function} whose value (or missing value) in {@code arguments} cannot be
     * converted to its parameter type, as a sentence; empty when every option fits.
     *
     * @param commands the object whose methods are the commands
     * @param function the function name as typed (without the scope)
     * @param arguments the arguments as the user gave them
     */
    public static Optional<String> explain(Object commands, String function, List<?> arguments) {
        for (Method method : commands.getClass().getMethods()) {
            if (!method.getName().equalsIgnoreCase(function)) {
                continue;
            }
            Optional<String> problem = problem(method, arguments);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(Method method, List<?> arguments) {
        List<Object> remaining = new ArrayList<>(arguments);
        Annotation[][] annotations = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        for (int p = 0; p < annotations.length; p++) {
            for (Annotation annotation : annotations[p]) {
                if (!(annotation instanceof Parameter parameter)) {
                    continue;
                }
                int at = -1;
                String name = null;
                for (String candidate : parameter.names()) {
                    at = remaining.indexOf(candidate);
                    if (at >= 0) {
                        name = candidate;
                        break;
                    }
                }
                if (at < 0 || !Parameter.UNSPECIFIED.equals(parameter.presentValue())) {
                    if (at >= 0) {
                        remaining.remove(at);
                    }
                    continue;
                }
                remaining.remove(at);
                if (at >= remaining.size()) {
                    return Optional.of("Missing value after " + name);
                }
                Object value = remaining.remove(at);
                Optional<String> expected = expectation(types[p], String.valueOf(value));
                if (expected.isPresent()) {
                    return Optional.of(name + " expects " + expected.get() + ", got '" + value + "'");
                }
            }
        }
        return Optional.empty();
    }

    /** What a value of the type looks like, when {@code text} is not one. */
    private static Optional<String> expectation(Class<?> type, String text) {
        String value = text.strip();
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == short.class || type == Short.class) {
                Short.parseShort(value);
            } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                Double.parseDouble(value);
            } else if (type == boolean.class || type == Boolean.class) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return Optional.of("true or false");
                }
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (constant.toString().equalsIgnoreCase(value)) {
                        return Optional.empty();
                    }
                }
                List<String> names = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    names.add(constant.toString().toLowerCase(Locale.ROOT));
                }
                return Optional.of("one of " + String.join(", ", names));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            boolean whole = type != double.class && type != Double.class && type != float.class && type != Float.class;
            return Optional.of(whole ? "a whole number" : "a number");
        }
    }
}
