package org.alphaclip.ovd.internal.mine;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.alphaclip.sdk.io.JobJournal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The state of a mining run, kept in a {@link JobJournal}: the first line holds the run's parameters, every
 * further line one finished image ({@link MinedImage}) or the SHA-256 of the outputs last written from it
 * ({@code {"written": {file name: digest}}}), each line JSON followed by a tab and its CRC-32. An image's line
 * is appended as soon as the image is done, so a run killed at any point leaves every finished image; a line
 * cut short by the kill is dropped on the next open ({@link #notes()}) and that image is redone. The file is
 * forced to disk every {@value #SYNC_EVERY} lines, after the output digests and on close, and locked while
 * open so that two runs never share it.
 *
 * <p>Opening refuses, without changing the file: a file that is not a state of this format version, a state
 * of other parameters, and a damaged state (a complete line that does not check out or is not a record),
 * naming the line.
 */
public final class MiningState implements AutoCloseable {

    /** The value of {@code format} in the first line. */
    public static final String FORMAT = "alphaclip-ovd-mine-state";

    /**
     * The state format this class writes and reads. 2: the journal of the task SDK, and {@code proposer}
     * empty when none was named (the mask proposers' fallback rule).
     */
    private static final int VERSION = 2;
    private static final int SYNC_EVERY = 100;

    private final JobJournal journal;
    private final Map<Integer, Entry> entries;
    private final Map<String, String> written;

    /**
     * Where one image's record lies in the journal, with what ranking needs.
     *
     * @param id the image id
     * @param classIndex its class
     * @param status how mining it ended
     * @param score the best mask's probability
     * @param cosine the best mask's cosine
     * @param position where the record lies, for {@link MiningState#read}
     */
    public record Entry(int id, int classIndex, MinedImage.Status status, double score, double cosine,
            JobJournal.Position position) {

        static Entry of(MinedImage image, JobJournal.Position position) {
            return new Entry(image.id(), image.classIndex(), image.status(), image.score(), image.cosine(), position);
        }
    }

    private MiningState(JobJournal journal, Map<Integer, Entry> entries, Map<String, String> written) {
        this.journal = journal;
        this.entries = entries;
        this.written = written;
    }

    /**
     * Opens the state of a run, creating it with the parameters or checking that an existing one was made
     * with the same parameters.
     *
     * @param imageCount the dataset's size; records of other ids mean damage
     * @throws MiningException when the file is held by another run, is not a state of this version, was made
     *         with other parameters or is damaged; the message says what to do
     * @throws FileSystemException when the file system refuses the file (no permission, say)
     */
    public static MiningState open(Path file, Map<String, String> parameters, int imageCount)
            throws FileSystemException, MiningException {
        Map<Integer, Entry> entries = new ConcurrentHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        Replay replay = new Replay(file, imageCount, entries, written);
        try {
            JobJournal journal = JobJournal.open(file, header(parameters).toString(),
                    recorded -> checkHeader(file, recorded, parameters), SYNC_EVERY, replay::record);
            return new MiningState(journal, entries, written);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new MiningException(e.getMessage(), e);
        }
    }

    /** The file. */
    public Path file() {
        return journal.file();
    }

    /** What opening repaired, e.g. a dropped incomplete last record. */
    public List<String> notes() {
        return journal.notes();
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
    public void append(MinedImage image) throws IOException {
        entries.put(image.id(), Entry.of(image, journal.append(image.toJson().toString())));
    }

    /** The SHA-256 of each output file as it was last written from this state, by file name. */
    public synchronized Map<String, String> written() {
        return Map.copyOf(written);
    }

    /** Records the SHA-256 of the outputs just written, by file name, and forces the state to disk. */
    public synchronized void recordWritten(Map<String, String> digests) throws IOException {
        JsonObject files = new JsonObject();
        digests.forEach(files::addProperty);
        JsonObject record = new JsonObject();
        record.add("written", files);
        journal.append(record.toString());
        journal.sync();
        written.clear();
        written.putAll(digests);
    }

    /** Reads an image's record back. */
    public MinedImage read(Entry entry) throws IOException {
        String payload = journal.read(entry.position());
        try {
            return MinedImage.fromJson(JsonParser.parseString(payload).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new IOException(file() + ": the record of image " + entry.id() + " is not a mined image (" + e + ")", e);
        }
    }

    /** Forces the state to disk and releases the file. */
    @Override
    public void close() throws IOException {
        journal.close();
    }

    private static JsonObject header(Map<String, String> parameters) {
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("version", VERSION);
        JsonObject values = new JsonObject();
        parameters.forEach(values::addProperty);
        header.add("parameters", values);
        return header;
    }

    private static void checkHeader(Path file, String line, Map<String, String> parameters) throws IOException {
        JsonObject header;
        int version;
        Map<String, String> before = new LinkedHashMap<>();
        try {
            header = JsonParser.parseString(line).getAsJsonObject();
            if (!FORMAT.equals(header.get("format").getAsString())) {
                throw new IllegalStateException("format is not " + FORMAT);
            }
            version = header.get("version").getAsInt();
            header.getAsJsonObject("parameters").entrySet().forEach(e -> before.put(e.getKey(), e.getValue().getAsString()));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not an ovd:mine state file (its first line: " + e.getMessage()
                    + "). Nothing was changed: move it away or give another --out.", e);
        }
        if (version != VERSION) {
            throw new IOException(file + " was written by " + (version < VERSION ? "an older" : "a newer")
                    + " ovd:mine (state format " + version + "; this one reads format " + VERSION + "), so it is not"
                    + " resumed. Nothing was changed: give another --out, or move the output and its state away to"
                    + " mine again.");
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String old = before.get(p.getKey());
            if (!Objects.equals(old, p.getValue())) {
                differences.add(p.getKey() + " was '" + old + "', now '" + p.getValue() + "'");
            }
        }
        if (!differences.isEmpty()) {
            throw new IOException("The state " + file + " belongs to a run with other settings ("
                    + String.join("; ", differences) + "). Run with the same settings to resume it, or give another --out.");
        }
    }

    /** Reads the records of an existing state into the entries and output digests. */
    private static final class Replay {
        private final Path file;
        private final int imageCount;
        private final Map<Integer, Entry> entries;
        private final Map<String, String> written;
        /** The line of the record being read: the header is line 1. */
        private int line = 1;

        Replay(Path file, int imageCount, Map<Integer, Entry> entries, Map<String, String> written) {
            this.file = file;
            this.imageCount = imageCount;
            this.entries = entries;
            this.written = written;
        }

        void record(String payload, JobJournal.Position position) throws IOException {
            line++;
            MinedImage image;
            try {
                JsonObject json = JsonParser.parseString(payload).getAsJsonObject();
                if (json.has("written")) {
                    written.clear();
                    json.getAsJsonObject("written").entrySet().forEach(e -> written.put(e.getKey(), e.getValue().getAsString()));
                    return;
                }
                image = MinedImage.fromJson(json);
            } catch (RuntimeException e) {
                throw damaged("not a record: " + e.getMessage());
            }
            if (image.id() < 1 || image.id() > imageCount) {
                throw damaged("image id " + image.id() + " is outside 1.." + imageCount);
            }
            entries.put(image.id(), Entry.of(image, position));
        }

        private IOException damaged(String why) {
            return new IOException("The state " + file + " is damaged at line " + line + " (" + why + "); the lines"
                    + " before it are intact. Nothing was changed: move the file away to start over, or delete line "
                    + line + " and all after it to resume from the intact part.");
        }
    }
}
