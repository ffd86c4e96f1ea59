package org.alphaclip.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The command line of a job: required and optional {@code --name value} options and {@code --flag}s. */
final class JobArguments {

    private final Map<String, String> values;

    private JobArguments(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args}; an unknown option, a missing value or a missing required option is one line. */
    static JobArguments parse(String[] args, List<String> required, List<String> optional, List<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (required.contains(name) || optional.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("Unknown argument '" + name + "'; options: " + required + " "
                        + optional + " " + flags);
            }
        }
        for (String name : required) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(name + " is required");
            }
        }
        return new JobArguments(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String value(String name) {
        return values.get(name);
    }

    int number(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
