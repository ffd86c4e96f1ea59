package org.alphaclip.shell.internal;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Runs command lines in one Gogo session and turns results and failures into text for people: a
 * result is printed as Gogo formats it, a failure as one line saying what went wrong.
 */
final class CommandRunner {

    private final CommandSession session;
    private final CommandCatalog catalog;
    private final PrintStream out;
    private final PrintStream err;

    CommandRunner(CommandSession session, CommandCatalog catalog, PrintStream out, PrintStream err) {
        this.session = session;
        this.catalog = catalog;
        this.out = out;
        this.err = err;
    }

    /** Runs one command line; returns whether it succeeded. Blank lines and {@code #} comments succeed. */
    boolean run(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return true;
        }
        catalog.awaitCommand(trimmed);
        try {
            Object result = session.execute(trimmed);
            if (result != null) {
                CharSequence text = session.format(result, Converter.INSPECT);
                if (text != null && text.length() > 0) {
                    out.println(text);
                }
            }
            out.flush();
            return true;
        } catch (Exception e) {
            err.println(describe(e, trimmed));
            err.flush();
            return false;
        }
    }

    /** One line saying what went wrong, without a stack trace. */
    String describe(Throwable failure, String line) {
        Throwable cause = failure;
        while (cause instanceof InvocationTargetException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String name = cause.getClass().getSimpleName();
        if (name.equals("CommandNotFoundException")) {
            String command = firstWord(line);
            return "Error: unknown command '" + command + "'. " + catalog.suggestionsFor(command);
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = name;
        } else if (message.startsWith("Cannot coerce") || message.contains("is not a valid")) {
            message = catalog.explainArguments(line).orElse(message) + ". Type 'help " + firstWord(line)
                    + "' for the arguments it takes.";
        }
        return "Error: " + message;
    }

    private static String firstWord(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
    }
}
