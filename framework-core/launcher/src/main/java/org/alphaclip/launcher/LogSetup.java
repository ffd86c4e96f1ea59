package org.alphaclip.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes java.util.logging (which the OSGi log, SLF4J and ONNX Runtime all reach) to one readable log
 * file, shared by runs at the same time ({@link SharedLogFile}), and warnings and errors also to the console.
 */
final class LogSetup {

    /** Size at which the log moves to {@code alphaclip.log.1} and a new one starts. */
    private static final long LOG_LIMIT_BYTES = 10_000_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private LogSetup() {
    }

    /** Installs the handlers; returns the log file. */
    static Path install(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Path logFile = logDir.resolve("alphaclip.log");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);

        Handler file = new SharedLogFile(logFile, LOG_LIMIT_BYTES);
        file.setFormatter(new LineFormatter(true));
        file.setLevel(Level.INFO);
        root.addHandler(file);

        Handler console = new ConsoleHandler();
        console.setFormatter(new LineFormatter(false));
        console.setLevel(Level.WARNING);
        root.addHandler(console);
        return logFile;
    }

    /** One line per record; stack traces only in the file. */
    static final class LineFormatter extends Formatter {
        private final boolean withDetails;

        LineFormatter(boolean withDetails) {
            this.withDetails = withDetails;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder();
            if (withDetails) {
                line.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                        .append(String.format("%-7s", record.getLevel().getName())).append(' ')
                        .append(record.getLoggerName()).append(": ");
            } else {
                line.append(record.getLevel() == Level.WARNING ? "WARNING: " : "ERROR: ");
            }
            line.append(formatMessage(record));
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                if (withDetails) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    thrown.printStackTrace(new java.io.PrintWriter(trace));
                    line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
                } else if (thrown.getMessage() != null && !line.toString().contains(thrown.getMessage())) {
                    line.append(" (").append(thrown.getMessage()).append(')');
                }
            }
            return line.append(System.lineSeparator()).toString();
        }
    }
}
