package org.alphaclip.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs what the launcher asked for ({@code alphaclip.shell.mode}): the interactive shell, one command
 * line, or a script; then leaves the exit status in {@code alphaclip.exit.status} and stops the
 * framework. Without that property (a framework booted by tests or another launcher) it does nothing.
 */
@Component(immediate = true)
public final class ShellComponent {

    static final String MODE = "alphaclip.shell.mode";
    static final String COMMAND = "alphaclip.shell.command";
    static final String EXIT_STATUS = "alphaclip.exit.status";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.shell");

    private final BundleContext context;
    private final CommandProcessor processor;
    private final Thread worker;

    /** Starts the shell thread when the launcher asked for a shell. */
    @Activate
    public ShellComponent(BundleContext context, @Reference CommandProcessor processor) {
        this.context = context;
        this.processor = processor;
        String mode = context.getProperty(MODE);
        if (mode == null) {
            worker = null;
            return;
        }
        worker = new Thread(() -> runAndStop(mode), "alphaclip-shell");
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate() {
        if (worker != null) {
            worker.interrupt();
        }
    }

    private void runAndStop(String mode) {
        int status;
        try {
            status = run(mode);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The shell failed: " + e.getMessage(), e);
            status = 1;
        }
        System.setProperty(EXIT_STATUS, Integer.toString(status));
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Could not stop the framework: " + e.getMessage(), e);
        }
    }

    private int run(String mode) {
        new StartupBarrier(context).await();
        CommandCatalog catalog = new CommandCatalog(context, 10_000);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        // the process's standard input itself: System.in is Gogo's per-thread stream, which reads the session's keyboard,
        // so a session whose keyboard were System.in would read itself without end (mllm:chat reads the keyboard)
        InputStream in = new java.io.FileInputStream(java.io.FileDescriptor.in);
        switch (mode) {
            case "command": {
                CommandSession session = processor.createSession(in, out, err);
                try {
                    return new CommandRunner(session, catalog, out, err).run(context.getProperty(COMMAND)) ? 0 : 1;
                } finally {
                    session.close();
                }
            }
            case "script":
                return runScript(Path.of(context.getProperty(COMMAND)), catalog, in, out, err);
            case "interactive":
                return new InteractiveShell(processor, catalog, context).run();
            default:
                err.println("Error: unknown shell mode '" + mode + "'; expected interactive, command or script");
                return 2;
        }
    }

    private int runScript(Path script, CommandCatalog catalog, InputStream in, PrintStream out, PrintStream err) {
        List<String> lines;
        try {
            lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("Error: cannot read script " + script + ": " + e.getMessage());
            return 1;
        }
        CommandSession session = processor.createSession(in, out, err);
        try {
            CommandRunner runner = new CommandRunner(session, catalog, out, err);
            for (int i = 0; i < lines.size(); i++) {
                if (!runner.run(lines.get(i))) {
                    err.println("Script " + script.getFileName() + " stopped at line " + (i + 1) + ": " + lines.get(i).strip());
                    return 1;
                }
            }
            return 0;
        } finally {
            session.close();
        }
    }
}
