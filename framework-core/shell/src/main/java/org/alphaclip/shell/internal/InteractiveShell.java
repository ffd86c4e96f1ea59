package org.alphaclip.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.BundleContext;

/**
 * The interactive shell: a JLine line reader on the system terminal (history, command completion,
 * Ctrl-C cancels the line, Ctrl-D or {@code exit} leaves), each line run in one Gogo session.
 */
final class InteractiveShell {

    private static final String PROMPT = "alphaclip> ";

    private final CommandProcessor processor;
    private final CommandCatalog catalog;
    private final BundleContext context;

    InteractiveShell(CommandProcessor processor, CommandCatalog catalog, BundleContext context) {
        this.processor = processor;
        this.catalog = catalog;
        this.context = context;
    }

    int run() {
        // dumb(true): with standard input or output not a terminal (piped), a plain terminal without escape codes,
        // and without JLine's warning about it
        try (Terminal terminal = TerminalBuilder.builder().name("alphaclip").system(true).dumb(true).build()) {
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("alphaclip")
                    .completer(commandCompleter())
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .build();
            CommandSession session = processor.createSession(terminal.input(), out, out);
            CommandRunner runner = new CommandRunner(session, catalog, out, out);
            out.println("Alpha-CLIP shell. Type 'help' for commands, 'help <command>' for one, 'exit' to leave.");
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    String line;
                    try {
                        line = reader.readLine(PROMPT);
                    } catch (UserInterruptException e) {
                        continue;
                    } catch (EndOfFileException e) {
                        break;
                    }
                    String trimmed = line.strip();
                    if (trimmed.equals("exit") || trimmed.equals("quit")) {
                        break;
                    }
                    runner.run(trimmed);
                }
            } finally {
                session.close();
            }
            return 0;
        } catch (IOException e) {
            System.err.println("Error: no terminal for the interactive shell (" + e.getMessage() + "); use -c \"<command>\"");
            return 1;
        }
    }

    private Completer commandCompleter() {
        return (reader, line, candidates) -> {
            if (line.wordIndex() == 0) {
                for (String command : catalog.commands()) {
                    candidates.add(new Candidate(command));
                    candidates.add(new Candidate(command.substring(command.indexOf(':') + 1)));
                }
            }
        };
    }

    private Path historyFile() {
        String home = context.getProperty("alphaclip.home");
        return Path.of(home == null ? System.getProperty("user.home") : home, "data", "history");
    }
}
