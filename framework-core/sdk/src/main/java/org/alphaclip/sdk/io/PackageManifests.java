package org.alphaclip.sdk.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

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

    /**
     * The {@code manifest.json} of a package folder, read after checking that the folder and the file exist.
     *
     * @param folder the package folder, absolute and normalised
     * @param title how messages name the package, e.g. {@code Point-E package}
     * @param exporter the tool that writes such packages, named when the manifest is missing
     * @throws InvalidModelException naming the folder when it or its manifest is missing or the manifest is not JSON
     */
    public static JsonObject readPackage(Path folder, String title, String exporter) throws InvalidModelException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidModelException(title + " " + folder + " does not exist or is not a folder");
        }
        Path manifest = folder.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidModelException(title + " " + folder + " has no manifest.json; a package is a folder written"
                    + " by " + exporter);
        }
        return read(manifest, title + " manifest");
    }

    /**
     * Checks one file a package manifest lists in its {@code files}: a lowercase hex SHA-256, a name that stays inside
     * the package folder (no absolute path, no {@code ..}, no link out), the file present, and its content's SHA-256
     * equal to the listed one.
     *
     * @param folder the package folder, absolute and normalised
     * @param problem turns one sentence about the file into the caller's exception (naming the package)
     * @return the file
     * @throws InvalidModelException the {@code problem} of whatever is wrong
     */
    public static Path verifyListedFile(Path folder, String name, String expectedSha256,
            Function<String, InvalidModelException> problem) throws InvalidModelException {
        if (expectedSha256 == null || !expectedSha256.matches("[0-9a-f]{64}")) {
            throw problem.apply("files." + name + " must be a lowercase hex SHA-256");
        }
        Path file;
        try {
            file = folder.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw problem.apply("file name '" + name.replace("\0", "\\0") + "' is not a valid path: " + e.getReason());
        }
        if (name.isBlank() || Path.of(name).isAbsolute() || !file.startsWith(folder) || file.equals(folder)) {
            throw problem.apply("file '" + name + "' is outside the package folder; packages may only name their own files");
        }
        if (!Files.isRegularFile(file)) {
            throw problem.apply("file " + name + " is missing");
        }
        try {
            if (!file.toRealPath().startsWith(folder.toRealPath())) {
                throw problem.apply("file " + name + " links outside the package folder");
            }
            String actual = FileDigests.sha256(file);
            if (!actual.equals(expectedSha256)) {
                throw problem.apply(name + " has SHA-256 " + actual.substring(0, 12) + "…, the manifest says "
                        + expectedSha256.substring(0, 12) + "…: the file was changed or damaged after export");
            }
        } catch (IOException e) {
            throw problem.apply("cannot read " + name + ": " + e.getMessage());
        }
        return file;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
