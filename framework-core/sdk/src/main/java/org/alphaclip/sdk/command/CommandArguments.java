package org.alphaclip.sdk.command;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.Parameter;

/**
 * Checks of Gogo command arguments that every command makes the same way, each failing with an
 * {@link IllegalArgumentException} whose message the shell prints as the whole answer.
 *
 * <p>Gogo binds each {@code @Parameter} option once; what it could not bind (a positional word, an
 * unknown option, an option given a second time) arrives in the command's trailing {@code String...}
 * parameter. {@link #rejectExtra} turns that into a sentence; {@link #repeated} collects the further values
 * of an option that may be given several times.
 */
public final class CommandArguments {

    private CommandArguments() {
    }

    /**
     * Fails on arguments Gogo left over after binding the options of {@code function} in {@code commands}:
     * an option given twice, an unknown option, or a stray word.
     *
     * @param commands the class whose methods are the commands (for the names of their options)
     * @param command the command as users type it, {@code scope:function}
     */
    public static void rejectExtra(Class<?> commands, String command, String... extra) {
        if (extra.length == 0) {
            return;
        }
        String first = extra[0];
        String help = "; type 'help " + command + "' for its options";
        if (first.startsWith("-")) {
            Set<String> options = optionNames(commands, function(command));
            if (options.contains(first)) {
                throw new IllegalArgumentException("Option '" + first + "' is given more than once; " + command
                        + " takes it once" + help);
            }
            throw new IllegalArgumentException("Unknown option '" + first + "' for " + command + help);
        }
        throw new IllegalArgumentException("Unexpected argument '" + first + "' for " + command + help);
    }

    /**
     * The values of an option that may be given several times ({@code --box A --box B}): the value Gogo
     * bound, then every further {@code option value} pair among the leftover arguments, in order.
     *
     * @param first the bound value; the empty string when the option was not given
     * @param extra the command's leftover arguments
     * @return the values, and the leftover arguments without the pairs taken
     * @throws IllegalArgumentException when the option is last with no value after it
     */
    public static Repeated repeated(String option, String first, String... extra) {
        List<String> values = new ArrayList<>();
        if (!first.isEmpty()) {
            values.add(first);
        }
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < extra.length; i++) {
            if (extra[i].equals(option)) {
                if (i + 1 == extra.length) {
                    throw new IllegalArgumentException("Missing value after the last " + option);
                }
                values.add(extra[++i]);
            } else {
                rest.add(extra[i]);
            }
        }
        return new Repeated(values, rest.toArray(String[]::new));
    }

    /**
     * The values of a repeatable option and the leftover arguments that were not among them.
     *
     * @param values the option's values in the order given
     * @param rest the other leftover arguments, for {@link #rejectExtra}
     */
    public record Repeated(List<String> values, String[] rest) {
        /** Copies the values. */
        public Repeated {
            values = List.copyOf(values);
            rest = rest.clone();
        }

        @Override
        public String[] rest() {
            return rest.clone();
        }
    }

    /** Fails when a required option was not given (Gogo binds an absent option to its {@code absentValue}). */
    public static void require(String option, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Missing " + option + " <value>");
        }
    }

    /**
     * The whole number an option's text holds (for options whose absence means "the package's default", which Gogo
     * passes as text).
     */
    public static int wholeNumber(String option, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + text + "'");
        }
    }

    /** The number an option's text holds. */
    public static double number(String option, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got '" + text + "'");
        }
    }

    /** Fails unless the number is finite and greater than 0. */
    public static double positive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + format(value));
        }
        return value;
    }

    /** Fails unless the number is finite. */
    public static double finite(String option, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a finite number, got " + format(value));
        }
        return value;
    }

    /** Fails unless {@code min <= value <= max} (finite). */
    public static double between(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(option + " must be between " + format(min) + " and " + format(max)
                    + ", got " + format(value));
        }
        return value;
    }

    /** Fails unless {@code value >= min}. */
    public static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** Fails unless {@code min <= value <= max}. */
    public static int between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** Fails unless the value is one of {@code choices} (ignoring case); returns the choice as written there. */
    public static String oneOf(String option, String value, String... choices) {
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(value.strip())) {
                return choice;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ", choices) + ", got '" + value + "'");
    }

    /**
     * Runs a command body, turning the file-system exceptions whose own message is only a path into
     * sentences that say what is wrong with it.
     */
    public static <T> T explained(Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (NoSuchFileException e) {
            throw new IOException("No such file or folder: " + e.getFile(), e);
        } catch (AccessDeniedException e) {
            throw new IOException("Permission denied: " + e.getFile(), e);
        } catch (FileSystemException e) {
            throw new IOException(e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        }
    }

    /** The option names declared by the methods called {@code function} (case-insensitively, as Gogo matches). */
    static Set<String> optionNames(Class<?> commands, String function) {
        Set<String> names = new TreeSet<>();
        for (Method method : commands.getMethods()) {
            if (method.getName().toLowerCase(Locale.ROOT).equals(function.toLowerCase(Locale.ROOT))) {
                for (var annotations : method.getParameterAnnotations()) {
                    Arrays.stream(annotations).filter(Parameter.class::isInstance).map(Parameter.class::cast)
                            .forEach(p -> names.addAll(List.of(p.names())));
                }
            }
        }
        return names;
    }

    private static String function(String command) {
        int colon = command.indexOf(':');
        return colon < 0 ? command : command.substring(colon + 1);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
