package org.alphaclip.ovd.internal.mine;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The journal of a mining run: a text file whose first line holds the run's parameters and every further line
 * one finished image ({@link MinedImage}) or the SHA-256 of the outputs last written from it ({@code {"written":
 * {file name: digest}}}), each line JSON followed by a tab and its CRC-32. An image's line is
 * appended as soon as the image is done, so a run killed at any point leaves every finished image;
 * a line cut short by the kill is dropped on the next open and that image is redone. The file is flushed to
 * disk every {@value #FORCE_EVERY} lines and on close, and locked while open so that two runs never share it.
 *
 * <p>A complete line that does not check out means the file was damaged: opening refuses it and says where,
 * without changing it.
 */
public final class MiningState implements AutoCloseable {

    /** The value of {@code format} in the first line. */
    public static final String FORMAT = "alphaclip-ovd-mine-state";

    private static final int VERSION = 1;
    private static final int FORCE_EVERY = 100;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, String> written = new LinkedHashMap<>();
    private long size;
    private int unforced;

    /**
     * Where one image's record lies in the file, with what ranking needs.
     *
     * @param id the image id
     * @param classIndex its class
     * @param status how mining it ended
     * @param score the best mask's probability
     * @param cosine the best mask's cosine
     * @param offset the line's first byte
     * @param length the line's length without the line break
     */
    public record Entry(int id, int classIndex, MinedImage.Status status, double score, double cosine, long offset,
            int length) {
    }

    private MiningState(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens the journal for a run, creating it with the parameters or checking that an existing one was made
     * with the same parameters.
     *
     * @param imageCount the dataset's size; records of other ids mean damage
     * @throws MiningException when the file is held by another run, was made with other parameters or is damaged
     */
    public static MiningState open(Path file, Map<String, String> parameters, int imageCount)
            throws IOException, MiningException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new MiningException("Another ovd:mine run is using " + file + "; wait for it to end or give another --out");
        }
        MiningState state = new MiningState(file, channel, lock);
        try {
            state.load(parameters, imageCount);
            return state;
        } catch (IOException | MiningException | RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The latest record of every image that has one, by image id. */
    public Map<Integer, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Whether an image is done: it has a record that a restart does not redo. */
    public boolean isDone(int id) {
        Entry entry = entries.get(id);
        return entry != null && entry.status().isFinal();
    }

    /** Appends one image's record. Thread safe. */
    public synchronized void append(MinedImage image) throws IOException {
        byte[] line = line(image.toJson());
        long offset = appendLine(line);
        entries.put(image.id(), new Entry(image.id(), image.classIndex(), image.status(), image.score(), image.cosine(),
                offset, line.length - 1));
        if (++unforced >= FORCE_EVERY) {
            channel.force(false);
            unforced = 0;
        }
    }

    /** The SHA-256 of each output file as it was last written from this state, by file name. */
    public synchronized Map<String, String> written() {
        return Map.copyOf(written);
    }

    /** Records the SHA-256 of the outputs just written, by file name. */
    public synchronized void recordWritten(Map<String, String> digests) throws IOException {
        JsonObject files = new JsonObject();
        digests.forEach(files::addProperty);
        JsonObject line = new JsonObject();
        line.add("written", files);
        appendLine(line(line));
        channel.force(false);
        written.clear();
        written.putAll(digests);
    }

    /** Writes a line at the end of the file; returns where it starts. */
    private long appendLine(byte[] line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        long offset = size;
        while (buffer.hasRemaining()) {
            channel.write(buffer, offset + buffer.position());
        }
        size += line.length;
        return offset;
    }

    /** Reads a record back. */
    public MinedImage read(Entry entry) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(entry.length());
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, entry.offset() + buffer.position()) < 0) {
                throw new IOException(file + " ended before the record of image " + entry.id());
            }
        }
        String text = new String(buffer.array(), StandardCharsets.UTF_8);
        return MinedImage.fromJson(JsonParser.parseString(checked(text)).getAsJsonObject());
    }

    /** Flushes to disk and releases the file. */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.force(false);
            }
        } finally {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            channel.close();
        }
    }

    private void load(Map<String, String> parameters, int imageCount) throws IOException, MiningException {
        List<long[]> lines = new ArrayList<>();
        long complete = scan(lines);
        if (lines.isEmpty()) {
            channel.truncate(0);
            JsonObject header = new JsonObject();
            header.addProperty("format", FORMAT);
            header.addProperty("version", VERSION);
            JsonObject values = new JsonObject();
            parameters.forEach(values::addProperty);
            header.add("parameters", values);
            byte[] line = line(header);
            channel.write(ByteBuffer.wrap(line), 0);
            channel.force(false);
            size = line.length;
            return;
        }
        checkHeader(readLine(lines.get(0)), parameters);
        for (int n = 1; n < lines.size(); n++) {
            long[] span = lines.get(n);
            MinedImage image;
            try {
                JsonObject json = JsonParser.parseString(checked(readLine(span))).getAsJsonObject();
                if (json.has("written")) {
                    written.clear();
                    json.getAsJsonObject("written").entrySet().forEach(e -> written.put(e.getKey(), e.getValue().getAsString()));
                    continue;
                }
                image = MinedImage.fromJson(json);
            } catch (IOException | RuntimeException e) {
                throw damaged(n + 1, e.getMessage());
            }
            if (image.id() < 1 || image.id() > imageCount) {
                throw damaged(n + 1, "image id " + image.id() + " is outside 1.." + imageCount);
            }
            entries.put(image.id(), new Entry(image.id(), image.classIndex(), image.status(), image.score(),
                    image.cosine(), span[0], (int) span[1]));
        }
        if (complete < channel.size()) {
            channel.truncate(complete);
        }
        size = complete;
    }

    private void checkHeader(String line, Map<String, String> parameters) throws MiningException {
        Map<String, String> before = new LinkedHashMap<>();
        try {
            JsonObject header = JsonParser.parseString(checked(line)).getAsJsonObject();
            if (!FORMAT.equals(header.get("format").getAsString())) {
                throw new IOException("format is not " + FORMAT);
            }
            if (header.get("version").getAsInt() != VERSION) {
                throw new MiningException(file + " was written by another version of ovd:mine (state format "
                        + header.get("version") + ", this one reads " + VERSION + "). Give another --out.");
            }
            header.getAsJsonObject("parameters").entrySet().forEach(e -> before.put(e.getKey(), e.getValue().getAsString()));
        } catch (IOException | RuntimeException e) {
            throw new MiningException(file + " is not an ovd:mine state file (its first line: " + e.getMessage()
                    + "). Nothing was changed: move it away or give another --out.");
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String old = before.get(p.getKey());
            if (!Objects.equals(old, p.getValue())) {
                differences.add(p.getKey() + " was '" + old + "', now '" + p.getValue() + "'");
            }
        }
        if (!differences.isEmpty()) {
            throw new MiningException("The state " + file + " belongs to a run with other settings ("
                    + String.join("; ", differences) + "). Run with the same settings to resume it, or give another --out.");
        }
    }

    private MiningException damaged(int lineNumber, String why) {
        return new MiningException("The state " + file + " is damaged at line " + lineNumber + " (" + why + "); the"
                + " lines before it are intact. Nothing was changed: move the file away to start over, or delete line "
                + lineNumber + " and all after it to resume from the intact part.");
    }

    /** Finds the complete lines as {offset, length}; returns the end of the last complete line. */
    private long scan(List<long[]> lines) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        long lineStart = 0;
        channel.position(0);
        int read;
        while ((read = channel.read(buffer, position)) > 0) {
            for (int i = 0; i < read; i++) {
                if (buffer.get(i) == '\n') {
                    long end = position + i;
                    lines.add(new long[] {lineStart, end - lineStart});
                    lineStart = end + 1;
                }
            }
            position += read;
            buffer.clear();
        }
        return lineStart;
    }

    private String readLine(long[] span) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) span[1]);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, span[0] + buffer.position()) < 0) {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static byte[] line(JsonObject json) {
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 10);
        out.writeBytes(text);
        out.writeBytes(String.format(Locale.ROOT, "\t%08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The JSON part of a line whose checksum matches. */
    private static String checked(String line) throws IOException {
        int tab = line.lastIndexOf('\t');
        if (tab < 0 || line.length() - tab != 9) {
            throw new IOException("no checksum");
        }
        String json = line.substring(0, tab);
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        if (!String.format(Locale.ROOT, "%08x", crc.getValue()).equals(line.substring(tab + 1))) {
            throw new IOException("checksum mismatch");
        }
        return json;
    }
}
