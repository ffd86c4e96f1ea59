package org.alphaclip.sdk.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A package's {@code tokenizer.json} run by DJL's native HuggingFace tokenizers: text to ids without any special
 * token (the prompt builder frames them), ids back to text without special tokens. Thread-safe; holds native memory
 * until closed, after which every call fails with {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (PackageTokenizer tokenizer = PackageTokenizer.open(dir.resolve("tokenizer.json"))) {
 *     int[] ids = tokenizer.encode(" USER: ");
 *     String text = tokenizer.decode(ids);
 * }
 * }</pre>
 */
public final class PackageTokenizer implements AutoCloseable {

    /** The ids are framed by the prompt builder, so the native tokenizer adds, pads and cuts nothing. */
    private static final Map<String, String> NATIVE_OPTIONS =
            Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private volatile boolean closed;

    private PackageTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /**
     * Opens a tokenizer.json.
     *
     * @throws IOException when the file cannot be read or the native library does not accept it
     */
    public static PackageTokenizer open(Path tokenizerJson) throws IOException {
        // DJL finds its native library through the context class loader; under OSGi that must be the loader of
        // the bundle that holds it.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
        try {
            return new PackageTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, NATIVE_OPTIONS), tokenizerJson);
        } catch (RuntimeException e) {
            throw new IOException("Invalid tokenizer file " + tokenizerJson + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The ids of a text, without special tokens. */
    public int[] encode(String text) {
        checkOpen();
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    /** The text of ids, special tokens left out; an incomplete UTF-8 sequence at the end reads as U+FFFD. */
    public String decode(int[] ids) {
        checkOpen();
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The tokenizer of " + file + " is closed");
        }
    }

    /** Releases the native tokenizer. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            tokenizer.close();
        }
    }
}
