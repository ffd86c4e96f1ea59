package org.alphaclip.rec.internal.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.alphaclip.sdk.io.JobJournal;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The results of an evaluation so far, so that a run that was stopped continues where it stopped: a
 * {@link JobJournal} whose header names the settings and whose every further line is one finished item as
 * JSON, each line with its check sum. Each result is on the disk before the next item starts. A result
 * cut short by a kill (the last line, without its line end) is dropped and redone, and said so; a damaged
 * line, a header with other settings, or a file that is not a state file of this format stops the run
 * with a message, and the file is left as it is.
 */
public final class StateFile implements AutoCloseable {

    /** The header's {@code format} value. */
    public static final String FORMAT = "alphaclip-rec-eval-state";
    /** The header's {@code version} value: 2 is the journal with a check sum per line; 1 had none. */
    public static final int VERSION = 2;

    /** How much of a file is read to recognise a state file of version 1 (its header line). */
    private static final int HEADER_LIMIT = 1 << 16;
    private static final Gson GSON = new Gson();

    private final JobJournal journal;
    private final Map<String, JsonObject> results;

    private StateFile(JobJournal journal, Map<String, JsonObject> results) {
        this.journal = journal;
        this.results = results;
    }

    /**
     * Opens the state file of an evaluation: creates it with a header for {@code settings}, or reads the
     * results of an earlier run with the same settings.
     *
     * @throws IOException when the file is not a state file of this format, is damaged, was written with
     *         other settings, or another run is using it
     */
    public static StateFile open(Path file, JsonObject settings) throws IOException {
        refuseVersionOne(file);
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("version", VERSION);
        header.add("settings", settings);
        Map<String, JsonObject> results = new LinkedHashMap<>();
        int[] line = {1};
        JobJournal journal = JobJournal.open(file, GSON.toJson(header), recorded -> checkHeader(file, recorded, settings), 1,
                (payload, position) -> {
                    line[0]++;
                    JsonObject record = object(payload);
                    if (record == null || primitive(record, "key") == null) {
                        throw new IOException("State file " + file + " is damaged: line " + line[0] + " is not a result. It is"
                                + " left as it is: move it away or delete it to start over (or delete that line to keep the"
                                + " other results).");
                    }
                    results.put(record.get("key").getAsString(), record);
                });
        return new StateFile(journal, results);
    }

    /** The state file. */
    public Path file() {
        return journal.file();
    }

    /** The results recorded so far by key, in the order they were recorded. */
    public synchronized Map<String, JsonObject> results() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** What opening the file repaired, e.g. a dropped incomplete record. */
    public List<String> notes() {
        return journal.notes();
    }

    /**
     * Records one result (it must have a string {@code key}); it is on the disk when this returns.
     *
     * @throws IOException when writing fails
     */
    public synchronized void append(JsonObject record) throws IOException {
        String key = primitive(record, "key");
        if (key == null) {
            throw new IllegalArgumentException("A result needs a key");
        }
        journal.append(GSON.toJson(record));
        results.put(key, record);
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }

    /** Refuses a state file of version 1, whose header line is bare JSON, with a message that says so. */
    private static void refuseVersionOne(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String start;
        try (InputStream in = Files.newInputStream(file)) {
            start = new String(in.readNBytes(HEADER_LIMIT), StandardCharsets.UTF_8);
        }
        int end = start.indexOf('\n');
        JsonObject header = object(end < 0 ? start : start.substring(0, end));
        if (header != null && FORMAT.equals(primitive(header, "format"))) {
            throw new IOException(file + " was written by an earlier rec:eval (state format " + header.get("version")
                    + ", without check sums); this one writes format " + VERSION + " and cannot continue it. It is left as it"
                    + " is: choose another --out, or delete the file to start over.");
        }
    }

    private static void checkHeader(Path file, String recorded, JsonObject settings) throws IOException {
        JsonObject header = object(recorded);
        if (header == null || !FORMAT.equals(primitive(header, "format"))) {
            throw new IOException(file + " is not a rec:eval state file. It is left as it is: choose another --out, "
                    + "or move the file away.");
        }
        if (!Integer.toString(VERSION).equals(primitive(header, "version"))) {
            throw new IOException(file + " was written by another version of rec:eval (state format " + header.get("version")
                    + ", this one reads " + VERSION + "). It is left as it is: choose another --out, or delete it to start over.");
        }
        JsonElement settingsElement = header.get("settings");
        JsonObject before = settingsElement != null && settingsElement.isJsonObject() ? settingsElement.getAsJsonObject() : null;
        if (!settings.equals(before)) {
            throw new IOException(file + " holds results of an evaluation with other settings (" + differences(before, settings)
                    + "). It is left as it is: choose another --out, or delete the file to start over.");
        }
    }

    private static String primitive(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static JsonObject object(String line) {
        try {
            JsonElement element = JsonParser.parseString(line);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static String differences(JsonObject recorded, JsonObject now) {
        if (recorded == null) {
            return "it records none";
        }
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            JsonElement a = recorded.get(key);
            JsonElement b = now.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                out.add(key + " was " + a + ", now " + b);
            }
        }
        return String.join("; ", out);
    }
}
