package org.alphaclip.sdk.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The journal of a long job, so that a job that was killed continues where it stopped: a text file whose
 * first line is the job's header (its settings) and every further line one finished item, each line its
 * payload, a tab and the payload's CRC-32 as eight hex digits.
 *
 * <p>Guarantees: a record whose {@link #append} returned survives the process being killed at any moment
 * (it is in the operating system's cache); it is on the disk itself after {@code syncEvery} more records,
 * {@link #sync()} or {@link #close()}, so a power loss takes at most those. A kill during an append leaves
 * a last line without its line end: opening drops it (the item is redone) and says so in {@link #notes()}.
 * A complete line whose CRC does not match means the file was damaged: opening refuses it, naming the line,
 * and changes nothing. The file is locked while open, so two jobs never write one journal.
 *
 * <pre>{@code
 * Map<String, JobJournal.Position> done = new HashMap<>();
 * try (JobJournal journal = JobJournal.open(file, settingsJson, recorded -> {
 *         if (!recorded.equals(settingsJson)) throw new IOException(file + " was made with other settings");
 *     }, 1, (payload, position) -> done.put(keyOf(payload), position))) {
 *     for (Item item : items) {
 *         if (!done.containsKey(item.key())) {
 *             journal.append(resultOf(item));
 *         }
 *     }
 * }
 * }</pre>
 */
public final class JobJournal implements AutoCloseable {

    private static final int CRC_DIGITS = 8;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final int syncEvery;
    private final List<String> notes = new ArrayList<>();
    private String header;
    private long size;
    private int unsynced;
    private boolean closed;

    /**
     * Where a record lies in the file.
     *
     * @param offset the first byte of its line
     * @param length the payload's length in bytes
     */
    public record Position(long offset, int length) {
    }

    /** Checks the header of an existing journal against the job being started. */
    @FunctionalInterface
    public interface HeaderCheck {
        /**
         * Accepts the recorded header, or refuses it with a message saying how the settings differ.
         *
         * @throws IOException to refuse the journal; opening then fails with this exception
         */
        void check(String recorded) throws IOException;
    }

    /** Receives each record of an existing journal, in file order, when it is opened. */
    @FunctionalInterface
    public interface Replay {
        /** One record and where it lies, for {@link JobJournal#read} later. */
        void record(String payload, Position position) throws IOException;
    }

    private JobJournal(Path file, FileChannel channel, FileLock lock, int syncEvery) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.syncEvery = syncEvery;
    }

    /**
     * Opens a job's journal: creates it with {@code header}, or checks the header of an existing one and
     * replays its records.
     *
     * @param header the job's settings as one line of text (no line break)
     * @param check called with the recorded header of an existing journal, before any record is replayed
     * @param syncEvery force the file to disk after this many records (1: after each; 0: only on sync and close)
     * @param replay receives the records of an existing journal
     * @throws IOException when another job holds the file, the file is not a journal or is damaged, or
     *         {@code check} refused it; the file is then left as it was
     */
    public static JobJournal open(Path file, String header, HeaderCheck check, int syncEvery, Replay replay)
            throws IOException {
        checkPayload(header);
        if (syncEvery < 0) {
            throw new IllegalArgumentException("syncEvery must be 0 or more, got " + syncEvery);
        }
        Path absolute = file.toAbsolutePath();
        java.nio.file.Files.createDirectories(absolute.getParent());
        FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("Another job is using " + absolute + "; wait for it to end or choose another output");
        }
        JobJournal journal = new JobJournal(absolute, channel, lock, syncEvery);
        try {
            journal.load(header, check, replay);
            return journal;
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /** The header recorded in the file (the given one when the journal is new). */
    public String header() {
        return header;
    }

    /** What opening repaired, e.g. a dropped incomplete last record. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Appends one record. Thread safe.
     *
     * @param payload one line of text (no line break)
     * @return where the record lies, for {@link #read}
     */
    public synchronized Position append(String payload) throws IOException {
        checkOpen();
        checkPayload(payload);
        byte[] line = line(payload);
        long offset = size;
        write(line, offset);
        size += line.length;
        if (syncEvery > 0 && ++unsynced >= syncEvery) {
            sync();
        }
        return new Position(offset, line.length - CRC_DIGITS - 2);
    }

    /**
     * Reads a record back.
     *
     * @throws IOException when the record there does not check out
     */
    public synchronized String read(Position position) throws IOException {
        checkOpen();
        ByteBuffer buffer = ByteBuffer.allocate(position.length() + 1 + CRC_DIGITS);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position.offset() + buffer.position()) < 0) {
                throw new IOException(file + " ends before the record at byte " + position.offset());
            }
        }
        String line = new String(buffer.array(), StandardCharsets.UTF_8);
        String payload = payload(line);
        if (payload == null) {
            throw new IOException(file + ": the record at byte " + position.offset() + " does not check out (damaged)");
        }
        return payload;
    }

    /** Forces every appended record to the disk. */
    public synchronized void sync() throws IOException {
        checkOpen();
        channel.force(false);
        unsynced = 0;
    }

    /** Forces the records to the disk and releases the file; calling it again does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (channel.isOpen()) {
                channel.force(false);
            }
        } finally {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }

    private void load(String newHeader, HeaderCheck check, Replay replay) throws IOException {
        if (channel.size() == 0) {
            writeHeader(newHeader);
            return;
        }
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        long offset = 0;
        long read = 0;
        int lineNumber = 0;
        while (channel.read(chunk.clear(), read) > 0) {
            read += chunk.flip().remaining();
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b != '\n') {
                    current.write(b);
                    continue;
                }
                lineNumber++;
                int length = current.size();
                String payload = payload(current.toString(StandardCharsets.UTF_8));
                current.reset();
                if (lineNumber == 1) {
                    if (payload == null) {
                        throw new IOException(file + " is not a job journal (its first line does not check out); it is"
                                + " left as it is: choose another output, or move the file away");
                    }
                    check.check(payload);
                    header = payload;
                } else if (payload == null) {
                    throw new IOException(file + " is damaged at line " + lineNumber + " (its check sum does not match);"
                            + " it is left as it is: move it away to start over, or delete that line to keep the other records");
                } else {
                    replay.record(payload, new Position(offset, length - CRC_DIGITS - 1));
                }
                offset += length + 1;
            }
        }
        size = offset;
        if (current.size() > 0) {
            if (lineNumber == 0 && !startsTheLine(current.toByteArray(), line(newHeader))) {
                throw new IOException(file + " is not a job journal (it has no complete line); it is left as it is: choose"
                        + " another output, or move the file away");
            }
            channel.truncate(offset);
            if (lineNumber == 0) {
                writeHeader(newHeader);
                notes.add("the journal's header was cut short by a crash; the job starts over");
            } else {
                notes.add("dropped an incomplete last record (the job was stopped while writing it); that item is redone");
            }
        }
    }

    /** Whether {@code part} is how {@code line} begins: a header this job would write, cut short. */
    private static boolean startsTheLine(byte[] part, byte[] line) {
        return part.length < line.length && Arrays.equals(part, 0, part.length, line, 0, part.length);
    }

    private void writeHeader(String newHeader) throws IOException {
        byte[] line = line(newHeader);
        write(line, 0);
        channel.force(false);
        size = line.length;
        header = newHeader;
    }

    private void write(byte[] line, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer, offset + buffer.position());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Job journal " + file + " is closed");
        }
    }

    private static void checkPayload(String payload) {
        if (payload.indexOf('\n') >= 0 || payload.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("A journal record is one line; it must not hold a line break");
        }
    }

    private static byte[] line(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return (payload + "\t" + crc(bytes) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of a line without its line end, or {@code null} when its check sum does not match. */
    private static String payload(String line) {
        int tab = line.lastIndexOf('\t');
        if (tab < 0 || line.length() - tab - 1 != CRC_DIGITS) {
            return null;
        }
        String payload = line.substring(0, tab);
        return crc(payload.getBytes(StandardCharsets.UTF_8)).equals(line.substring(tab + 1)) ? payload : null;
    }

    private static String crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
