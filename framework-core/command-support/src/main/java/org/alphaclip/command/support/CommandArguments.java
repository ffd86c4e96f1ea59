package org.alphaclip.command.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

/**
 * Checks of Gogo command arguments that every command bundle makes the same way, each failing with an
 * {@link IllegalArgumentException} whose message the shell prints as the whole answer.
 */
public final class CommandArguments {

    private CommandArguments() {
    }

    /** Fails on positional arguments left over after Gogo bound the options: an unknown option or a stray word. */
    public static void rejectExtra(String command, String... extra) {
        if (extra.length > 0) {
            String first = extra[0];
            throw new IllegalArgumentException((first.startsWith("-") ? "Unknown option '" + first + "'"
                    : "Unexpected argument '" + first + "'") + " for " + command + "; type 'help " + command
                    + "' for its options");
        }
    }

    /** Fails when a required option was not given (Gogo binds an absent option to the empty string). */
    public static void require(String option, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Missing " + option + " <value>");
        }
    }

    /** The value of a numeric option. */
    public static double number(String option, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number, got '" + value + "'");
        }
    }

    /** The value of an option that counts something: a whole number of at least 1. */
    public static int positiveInteger(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + n);
        }
        return n;
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

    /** An LDAP filter {@code (key=value)} matching {@code value} literally. */
    public static String equalsFilter(String key, String value) {
        return "(" + key + "=" + value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)") + ")";
    }
}
