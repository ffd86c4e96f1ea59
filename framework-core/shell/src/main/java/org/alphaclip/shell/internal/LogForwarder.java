package org.alphaclip.shell.internal;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Forwards the OSGi log (SCR, FileInstall, ConfigAdmin, our components) to java.util.logging, where
 * the launcher writes one log file and shows warnings and errors on the console. One FileInstall error is
 * not a problem and is logged as information: a jar in {@code plugins/} that another run removed (an
 * {@code alphaclip:uninstall} elsewhere) between FileInstall's scan and its install.
 */
@Component(immediate = true)
public final class LogForwarder implements LogListener {

    private static final String FILE_INSTALL = "org.apache.felix.fileinstall";

    private final LogReaderService reader;

    /** Starts listening. */
    @Activate
    public LogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String name = entry.getLoggerName();
        if (name == null || name.isEmpty() || name.equals("LogService")) {
            name = entry.getBundle() == null ? "osgi" : entry.getBundle().getSymbolicName();
        } else if (entry.getBundle() != null && !name.contains(".")) {
            name = entry.getBundle().getSymbolicName() + "." + name;
        }
        Level level = switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            default -> Level.FINE;
        };
        Throwable failure = entry.getException();
        if (level.intValue() >= Level.WARNING.intValue() && entry.getBundle() != null
                && FILE_INSTALL.equals(entry.getBundle().getSymbolicName()) && fileWasRemoved(failure)) {
            Logger.getLogger(name).info(entry.getMessage()
                    + " (the file was removed meanwhile, e.g. by alphaclip:uninstall in another run; nothing to do)");
            return;
        }
        Logger.getLogger(name).log(level, entry.getMessage(), failure);
    }

    private static boolean fileWasRemoved(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileNotFoundException || cause instanceof NoSuchFileException) {
                return true;
            }
        }
        return false;
    }
}
