package org.alphaclip.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A log handler for one file that several runs of the application write at the same time (two {@code bin/alphaclip
 * -c} at once): each record is appended with one write while the run holds an exclusive lock on a lock file beside
 * the log, so records of different runs never mix within a line and no run writes elsewhere. When the file would pass
 * {@code limit} bytes it becomes {@code <name>.1} (replacing the previous one) and a new file starts, under the same
 * lock. ({@link java.util.logging.FileHandler} instead gives a second run a file of its own, {@code alphaclip.log.1},
 * and with one file empties the log when it is full.)
 */
final class SharedLogFile extends Handler {

    /** One monitor per lock file in this JVM: a file lock belongs to the process, so its threads take turns here. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Object monitor;
    private final Path previous;
    private final long limit;

    SharedLogFile(Path file, long limit) {
        this.file = file;
        this.lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        this.previous = file.resolveSibling(file.getFileName() + ".1");
        this.limit = limit;
        this.monitor = MONITORS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), path -> new Object());
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String text;
        try {
            text = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("The log record cannot be formatted", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        append(text.getBytes(StandardCharsets.UTF_8));
    }

    private void append(byte[] bytes) {
        synchronized (monitor) {
            appendLocked(bytes);
        }
    }

    private void appendLocked(byte[] bytes) {
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockChannel.lock()) {
            if (Files.exists(file) && Files.size(file) > 0 && Files.size(file) + bytes.length > limit) {
                Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    log.write(buffer);
                }
            }
        } catch (IOException e) {
            reportError("Cannot write the log " + file, e, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public void flush() {
        // every record is written when it is published
    }

    @Override
    public void close() {
        // nothing stays open between records
    }
}
