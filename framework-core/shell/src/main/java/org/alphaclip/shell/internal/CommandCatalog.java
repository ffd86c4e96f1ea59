package org.alphaclip.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.alphaclip.sdk.command.ArgumentTypes;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The Gogo commands registered right now, as {@code scope:function} names. */
final class CommandCatalog {

    private static final String SCOPE = "osgi.command.scope";
    private static final String FUNCTION = "osgi.command.function";

    private static final long STABLE_MILLIS = 750;

    private final BundleContext context;
    private final long commandWaitMillis;

    CommandCatalog(BundleContext context, long commandWaitMillis) {
        this.context = context;
        this.commandWaitMillis = commandWaitMillis;
    }

    /** Every registered command as {@code scope:function}, sorted. */
    Set<String> commands() {
        Set<String> names = new TreeSet<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(" + FUNCTION + "=*)");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Object scope = ref.getProperty(SCOPE);
                for (String function : values(ref.getProperty(FUNCTION))) {
                    names.add((scope == null ? "" : scope + ":") + function);
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // the framework is stopping: no commands
        }
        return names;
    }

    /**
     * Waits a short while for the command a line starts with, when it is not registered yet: plugins
     * dropped into {@code plugins/} register their commands shortly after the framework starts. Gives
     * up once the set of registered commands has stopped changing.
     */
    void awaitCommand(String line) {
        String command = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!command.matches("[a-z][\\w.-]*(:[\\w.-]+)?")) {
            return;
        }
        long deadline = System.currentTimeMillis() + commandWaitMillis;
        Set<String> seen = commands();
        long stableSince = System.currentTimeMillis();
        while (!isRegistered(command) && System.currentTimeMillis() < deadline
                && System.currentTimeMillis() - stableSince < STABLE_MILLIS) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Set<String> now = commands();
            if (!now.equals(seen)) {
                seen = now;
                stableSince = System.currentTimeMillis();
            }
        }
    }

    boolean isRegistered(String command) {
        Set<String> all = commands();
        if (command.contains(":")) {
            return all.contains(command);
        }
        return all.stream().anyMatch(name -> name.endsWith(":" + command) || name.equals(command))
                || Set.of("echo", "each", "if", "not", "throw", "try", "until", "while", "set", "tac", "new", "exit")
                        .contains(command);
    }

    /**
     * Which option of the command a line calls has a value that does not fit its type (a word where a number
     * belongs), as a sentence; empty when no option explains Gogo's failure to call it.
     */
    Optional<String> explainArguments(String line) {
        List<String> words = words(line);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String command = words.get(0).toLowerCase(Locale.ROOT);
        String function = command.substring(command.indexOf(':') + 1);
        String scope = command.contains(":") ? command.substring(0, command.indexOf(':')) : null;
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(" + FUNCTION + "="
                    + function.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)") + ")");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                if (scope != null && !scope.equals(ref.getProperty(SCOPE))) {
                    continue;
                }
                Object target = context.getService(ref);
                try {
                    Optional<String> explained = target == null ? Optional.empty()
                            : ArgumentTypes.explain(target, function, words.subList(1, words.size()));
                    if (explained.isPresent()) {
                        return explained;
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // not a plain function name, or the framework is stopping: nothing to explain
        }
        return Optional.empty();
    }

    /** The words of a command line: split at blanks, quotes grouping and removed. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** A sentence pointing at similar commands, or at {@code help}. */
    String suggestionsFor(String command) {
        String function = command.contains(":") ? command.substring(command.indexOf(':') + 1) : command;
        String scope = command.contains(":") ? command.substring(0, command.indexOf(':')) : "";
        String similar = commands().stream()
                .filter(name -> name.endsWith(":" + function) || distance(name.substring(name.indexOf(':') + 1), function) <= 2)
                .limit(8).collect(Collectors.joining(", "));
        if (similar.isEmpty() && !scope.isEmpty()) {
            similar = commands().stream().filter(name -> name.startsWith(scope + ":")).limit(12)
                    .collect(Collectors.joining(", "));
        }
        return similar.isEmpty() ? "Type 'help' to list the commands." : "Similar commands: " + similar + ".";
    }

    private static Collection<String> values(Object property) {
        if (property instanceof String[] array) {
            return Arrays.asList(array);
        }
        if (property instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return property == null ? Set.of() : Set.of(String.valueOf(property));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
