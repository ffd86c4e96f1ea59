package org.alphaclip.core.internal.text;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns text into the fixed-length token ids a CLIP text tower takes: {@code [start] + tokens + [end]},
 * zero padded to the context length, like OpenAI CLIP's {@code tokenize}. Cleaning happens here
 * ({@link TextCleaning}); the vocabulary and its BPE or word-level model come from a HuggingFace
 * tokenizer.json run by DJL's native tokenizers. Text that does not fit is an error unless truncation
 * is asked for, which keeps the first tokens and ends with the end token. Thread-safe; holds native
 * memory until closed.
 *
 * <pre>{@code
 * try (ClipTokenizer tokenizer = ClipTokenizer.open(dir.resolve("tokenizer.json"), Settings.clip())) {
 *     int[] ids = tokenizer.encode("a photo of a cat", false);   // 49406, 320, 1125, ..., 49407, 0, ...
 * }
 * }</pre>
 */
public final class ClipTokenizer implements AutoCloseable {

    /** DJL options: the ids are framed here, so the native tokenizer adds, pads and cuts nothing. */
    private static final Map<String, String> NATIVE_OPTIONS =
            Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false");
    private static final int QUOTED_TEXT_LENGTH = 40;

    private final HuggingFaceTokenizer tokenizer;
    private final Settings settings;
    private final int startId;
    private final int endId;
    /** CLIP's word pattern, to tell where special-token strings count; null for basic cleaning. */
    private final Pattern clipWords;
    /** Encoding holds the read lock, closing the write lock: close waits for encodings in flight. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * How text becomes ids.
     *
     * @param contextLength ids per text, start and end included (77 for CLIP)
     * @param startToken the token every text starts with, one token of the tokenizer.json
     * @param endToken the token every text ends with, one token of the tokenizer.json
     * @param cleaning how text is prepared before the tokenizer sees it
     */
    public record Settings(int contextLength, String startToken, String endToken, TextCleaning cleaning) {
        /** Checks the settings. */
        public Settings {
            if (contextLength < 2) {
                throw new IllegalArgumentException("Context length " + contextLength
                        + " leaves no room for the start and end tokens; it must be at least 2");
            }
            Objects.requireNonNull(cleaning, "cleaning");
            if (startToken == null || startToken.isEmpty() || endToken == null || endToken.isEmpty()) {
                throw new IllegalArgumentException("Start and end tokens must be given");
            }
        }

        /** OpenAI CLIP's settings: 77 ids, {@code <|startoftext|>}, {@code <|endoftext|>}, CLIP cleaning. */
        public static Settings clip() {
            return new Settings(77, "<|startoftext|>", "<|endoftext|>", TextCleaning.CLIP);
        }
    }

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, Settings settings, Path file) {
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.startId = singleId(settings.startToken(), "Start", file);
        this.endId = singleId(settings.endToken(), "End", file);
        this.clipWords = settings.cleaning() == TextCleaning.CLIP ? clipWordPattern(settings) : null;
    }

    /**
     * Opens a tokenizer.json.
     *
     * @throws IOException if the file cannot be read or is not a tokenizer the native library accepts
     * @throws IllegalArgumentException if the start or end token is not a single token of the file
     * @throws EngineException if DJL's native tokenizer library cannot be loaded
     */
    public static ClipTokenizer open(Path tokenizerJson, Settings settings) throws IOException {
        HuggingFaceTokenizer tokenizer;
        // DJL finds its native library and platform file through the context class loader; under OSGi
        // that must be the loader of the bundle that holds them.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, NATIVE_OPTIONS);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("Invalid tokenizer file " + tokenizerJson + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            return new ClipTokenizer(tokenizer, settings, tokenizerJson);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The settings this tokenizer was opened with. */
    public Settings settings() {
        return settings;
    }

    /**
     * The ids of one text, exactly {@code contextLength} of them.
     *
     * @throws IllegalArgumentException if the text has more tokens than fit and {@code truncate} is false
     */
    public int[] encode(String text, boolean truncate) {
        return encodeBatch(List.of(text), truncate)[0];
    }

    /**
     * The ids of several texts, one row of {@code contextLength} per text.
     *
     * @throws IllegalArgumentException if a text has more tokens than fit and {@code truncate} is false
     */
    public int[][] encodeBatch(List<String> texts, boolean truncate) {
        Encoding[] encodings = nativeEncode(texts);
        int[][] rows = new int[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = frame(encodings[i].getIds(), texts.get(i), truncate);
        }
        return rows;
    }

    /** The tokens of a text as the vocabulary spells them (byte symbols, {@code </w>} ends), without start and end. */
    public List<String> pieces(String text) {
        return List.of(nativeEncode(List.of(text))[0].getTokens());
    }

    /** Releases the native tokenizer; later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private Encoding[] nativeEncode(List<String> texts) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("The tokenizer is closed");
            }
            String[] prepared = new String[texts.size()];
            for (int i = 0; i < prepared.length; i++) {
                prepared[i] = prepare(Objects.requireNonNull(texts.get(i), "text"));
            }
            return prepared.length == 0 ? new Encoding[0] : tokenizer.batchEncode(prepared, false, false);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private String prepare(String text) {
        String cleaned = settings.cleaning().apply(text);
        return clipWords == null ? cleaned : separateUnmatchedSpecialTokens(cleaned);
    }

    /**
     * CLIP counts a special-token string only where its word pattern starts a word there; glued to
     * symbols (as in {@code !<|endoftext|>}) it is ordinary text, split into {@code !<|}, {@code endoftext},
     * {@code |>}. The tokenizer.json's added tokens would match it anywhere, so such a string gets spaces
     * at the word boundaries inside it. Everywhere else the tokenizer.json's own pattern splits words.
     */
    private String separateUnmatchedSpecialTokens(String cleaned) {
        String start = settings.startToken();
        String end = settings.endToken();
        if (!cleaned.contains(start) && !cleaned.contains(end)) {
            return cleaned;
        }
        List<int[]> words = new ArrayList<>();
        Matcher m = clipWords.matcher(cleaned);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        TreeSet<Integer> spaces = new TreeSet<>();
        for (String special : List.of(start, end)) {
            for (int at = cleaned.indexOf(special); at >= 0; at = cleaned.indexOf(special, at + 1)) {
                spaces.addAll(wordEndsInside(words, at, at + special.length()));
            }
        }
        StringBuilder out = new StringBuilder(cleaned);
        for (int at : spaces.descendingSet()) {
            out.insert(at, ' ');
        }
        return out.toString();
    }

    /** The ends of words strictly inside [from, to), or none where the span is itself one word. */
    private static List<Integer> wordEndsInside(List<int[]> words, int from, int to) {
        List<Integer> ends = new ArrayList<>();
        for (int[] word : words) {
            if (word[0] == from && word[1] == to) {
                return List.of();
            }
            if (word[1] > from && word[1] < to) {
                ends.add(word[1]);
            }
        }
        return ends;
    }

    private int[] frame(long[] ids, String text, boolean truncate) {
        int contextLength = settings.contextLength();
        int total = ids.length + 2;
        if (total > contextLength && !truncate) {
            throw new IllegalArgumentException(String.format("Text '%s' has %d tokens, more than the context "
                    + "length %d; use --truncate", shorten(text), total, contextLength));
        }
        int kept = Math.min(ids.length, contextLength - 2);
        int[] row = new int[contextLength];
        row[0] = startId;
        for (int i = 0; i < kept; i++) {
            row[i + 1] = Math.toIntExact(ids[i]);
        }
        row[kept + 1] = endId;
        return row;
    }

    private int singleId(String token, String role, Path file) {
        long[] ids = tokenizer.encode(token, false, false).getIds();
        if (ids.length != 1) {
            throw new IllegalArgumentException(role + " token '" + token + "' is " + ids.length
                    + " tokens in " + file + ", expected exactly one");
        }
        return Math.toIntExact(ids[0]);
    }

    private static Pattern clipWordPattern(Settings settings) {
        return Pattern.compile(Pattern.quote(settings.startToken()) + "|" + Pattern.quote(settings.endToken())
                + "|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\p{IsWhite_Space}\\p{L}\\p{N}]+");
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.codePointCount(0, oneLine.length()) <= QUOTED_TEXT_LENGTH) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, QUOTED_TEXT_LENGTH)).strip() + "\u2026";
    }
}
