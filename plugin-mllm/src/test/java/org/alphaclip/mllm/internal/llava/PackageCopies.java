package org.alphaclip.mllm.internal.llava;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.alphaclip.sdk.io.FileDigests;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Copies of an exported package to damage in tests, with the manifest's checksums kept right or left stale. */
public final class PackageCopies {

    private PackageCopies() {
    }

    /** A copy of a package folder. */
    public static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    /** Replaces one file of a package with another and lists the new SHA-256 in the manifest. */
    public static void replace(Path dir, String name, Path replacement) throws IOException {
        Files.copy(replacement, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonObject manifest = manifest(dir);
        manifest.getAsJsonObject("files").addProperty(name, FileDigests.sha256(dir.resolve(name)));
        writeManifest(dir, manifest);
    }

    /** The package's manifest as JSON. */
    public static JsonObject manifest(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    }

    /** Writes a manifest. */
    public static void writeManifest(Path dir, JsonObject manifest) throws IOException {
        Files.writeString(dir.resolve("manifest.json"), new GsonBuilder().setPrettyPrinting().create().toJson(manifest));
    }
}
