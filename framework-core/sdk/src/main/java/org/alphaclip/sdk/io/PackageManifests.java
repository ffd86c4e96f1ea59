package org.alphaclip.sdk.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.api.model.InvalidModelException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The JSON manifests of model packages (encoder, SAM, multimodal): read whole, at most {@value #MAX_BYTES} bytes,
 * one JSON object; each problem is one sentence naming the file.
 *
 * <pre>{@code
 * JsonObject manifest = PackageManifests.read(folder.resolve("manifest.json"), "Model package manifest");
 * }</pre>
 */
public final class PackageManifests {

    /** The largest manifest read; anything larger is not a manifest. */
    public static final long MAX_BYTES = 1 << 20;

    private PackageManifests() {
    }

    /**
     * The JSON object a manifest file holds.
     *
     * @param what how messages name the file, e.g. {@code SAM package}
     * @throws InvalidModelException when the file cannot be read, is too large, is not JSON or holds no object
     */
    public static JsonObject read(Path file, String what) throws InvalidModelException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidModelException(what + " " + file + " is larger than 1 MiB; it is not a manifest");
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                JsonElement root = JsonParser.parseReader(reader);
                if (!root.isJsonObject()) {
                    throw new InvalidModelException(what + " " + file + " must hold a JSON object");
                }
                return root.getAsJsonObject();
            }
        } catch (JsonParseException | IllegalStateException e) {
            throw new InvalidModelException(what + " " + file + " is not valid JSON: " + rootMessage(e), e);
        } catch (IOException e) {
            throw new InvalidModelException("Cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
