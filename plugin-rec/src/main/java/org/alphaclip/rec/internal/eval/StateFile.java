package org.alphaclip.rec.internal.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The results of an evaluation so far, one JSON line per finished item after a header line naming the
 * settings, so that a run that was stopped continues where it stopped. Each result is appended with one
 * write and flushed to disk before the next item starts. A record cut short by a kill (the last line, with
 * no line end) is dropped and redone, and said so; anything else that is not a result, or a header with
 * other settings, stops the run with a message, and the file is left as it is.
 */
public final class StateFile implements AutoCloseable {

    /** The header's {@code format} value. */
    public static final String FORMAT = "alphaclip-rec-eval-state";
    /** The header's {@code version} value. */
    public static final int VERSION = 1;

    private static final Gson GSON = new Gson();

    private final Path file;
    private final FileChannel channel;
    private final Map<String, JsonObject> results;
    private final List<String> notes;
    private boolean closed;

    private StateFile(Path file, FileChannel channel, Map<String, JsonObject> results, List<String> notes) {
        this.file = file;
        this.channel = channel;
        this.results = results;
        this.notes = notes;
    }

    /**
     * Opens the state file of an evaluation: creates it with a header for {@code settings}, or reads the
     * results of an earlier run with the same settings.
     *
     * @throws IOException when the file is not a state file, is corrupt, or was written with other settings
     */
    public static StateFile open(Path file, JsonObject settings) throws IOException {
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("version", VERSION);
        header.add("settings", settings);
        List<String> notes = new ArrayList<>();
        Map<String, JsonObject> results = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".part");
            try {
                Files.writeString(temp, GSON.toJson(header) + "\n", StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } else {
            read(file, settings, results, notes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new StateFile(file, channel, results, notes);
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /** The results recorded so far by key, in the order they were recorded. */
    public synchronized Map<String, JsonObject> results() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** What opening the file repaired, e.g. a dropped incomplete record. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Records one result (it must have a string {@code key}) and flushes it to disk.
     *
     * @throws IOException when writing fails
     */
    public synchronized void append(JsonObject record) throws IOException {
        if (closed) {
            throw new IllegalStateException("State file " + file + " is closed");
        }
        JsonElement key = record.get("key");
        if (key == null || !key.isJsonPrimitive()) {
            throw new IllegalArgumentException("A result needs a key");
        }
        ByteBuffer line = ByteBuffer.wrap((GSON.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
        results.put(key.getAsString(), record);
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private static void read(Path file, JsonObject settings, Map<String, JsonObject> results, List<String> notes)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "it is not UTF-8 text");
        }
        int headerEnd = text.indexOf('\n');
        if (headerEnd < 0) {
            throw corrupt(file, text.isEmpty() ? "it is empty" : "its header line is incomplete");
        }
        JsonObject header = object(text.substring(0, headerEnd));
        if (header == null || !FORMAT.equals(primitive(header, "format"))) {
            throw new IOException(file + " is not a rec:eval state file. It is left as it is: choose another --out, "
                    + "or move the file away.");
        }
        if (!Integer.toString(VERSION).equals(primitive(header, "version"))) {
            throw new IOException(file + " was written by another version of rec:eval (state format "
                    + header.get("version") + ", this one reads " + VERSION + "). Choose another --out, or delete it to start over.");
        }
        JsonElement settingsElement = header.get("settings");
        JsonObject recorded = settingsElement != null && settingsElement.isJsonObject() ? settingsElement.getAsJsonObject() : null;
        if (!settings.equals(recorded)) {
            throw new IOException(file + " holds results of an evaluation with other settings (" + differences(recorded, settings)
                    + "). Choose another --out, or delete the file to start over.");
        }
        int start = headerEnd + 1;
        int lineNumber = 1;
        while (start < text.length()) {
            lineNumber++;
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            JsonObject record = object(line);
            boolean isRecord = record != null && record.has("key") && record.get("key").isJsonPrimitive();
            if (end < 0) {
                if (isRecord) {
                    results.put(record.get("key").getAsString(), record);
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    }
                    notes.add("completed the last result, whose line end was missing");
                } else {
                    int keep = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text, 0, start)).remaining();
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(keep);
                    }
                    notes.add("dropped an incomplete last result (the previous run stopped while writing it); it is redone");
                }
                break;
            }
            if (!isRecord) {
                throw corrupt(file, "line " + lineNumber + " is not a result");
            }
            results.put(record.get("key").getAsString(), record);
            start = end + 1;
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

    private static IOException corrupt(Path file, String why) {
        return new IOException("State file " + file + " is corrupt: " + why + ". It is left as it is: move it away or "
                + "delete it to start over (or delete the bad line to keep the other results).");
    }
}
