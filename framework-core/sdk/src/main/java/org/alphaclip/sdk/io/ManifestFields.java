package org.alphaclip.sdk.io;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.alphaclip.api.model.InvalidModelException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Typed reads of a package manifest's fields, each failure one sentence made by the reader's own {@code problem}
 * function (which names the package and its manifest):
 *
 * <pre>{@code
 * ManifestFields fields = new ManifestFields(problem -> new InvalidModelException("Package " + dir + ": " + problem));
 * int points = fields.positive(fields.object(manifest, "base"), "base", "points", 1 << 20);
 * }</pre>
 */
public final class ManifestFields {

    private final Function<String, InvalidModelException> problem;

    /** Reads whose failures {@code problem} turns into exceptions. */
    public ManifestFields(Function<String, InvalidModelException> problem) {
        this.problem = problem;
    }

    /** A field that must be an object. */
    public JsonObject object(JsonObject parent, String field) throws InvalidModelException {
        JsonElement e = parent.get(field);
        if (e == null || !e.isJsonObject()) {
            throw problem.apply("field '" + field + "' is missing or not an object");
        }
        return e.getAsJsonObject();
    }

    /** A field that must be a string. */
    public String text(JsonObject parent, String field) throws InvalidModelException {
        String value = optionalText(parent, field);
        if (value == null) {
            throw problem.apply("field '" + field + "' is missing or not a string");
        }
        return value;
    }

    /** A string field, or null when it is missing or not a string. */
    public static String optionalText(JsonObject parent, String field) {
        JsonElement e = parent.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    /** A field that must be a number. */
    public double number(JsonObject parent, String field) throws InvalidModelException {
        JsonElement e = parent.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw problem.apply("field '" + field + "' is missing or not a number");
        }
        return e.getAsDouble();
    }

    /** A whole number in {@code 1..max}; the message names it {@code section.field}. */
    public int positive(JsonObject parent, String section, String field, int max) throws InvalidModelException {
        double value = number(parent, field);
        if (value != Math.rint(value) || value < 1 || value > max) {
            throw problem.apply("field '" + section + "." + field + "' must be a whole number in 1.." + max + ", got "
                    + parent.get(field));
        }
        return (int) value;
    }

    /**
     * Checks what every package manifest holds: its {@code format} (naming the kind of a known other package), its
     * {@code formatVersion} 1, and every file its {@code files} lists ({@link PackageManifests#verifyListedFile}).
     *
     * @param dir the package folder, absolute and normalised
     * @param format the format this reader reads
     * @param kind how the messages call a package of that format, e.g. {@code diffusion}
     * @param otherFormats other packages' formats and how to call them, e.g. {@code an Alpha-CLIP encoder}
     * @return the manifest's {@code files}
     */
    public JsonObject checkPackage(JsonObject manifest, Path dir, String format, String kind,
            Map<String, String> otherFormats) throws InvalidModelException {
        String actual = text(manifest, "format");
        if (otherFormats.containsKey(actual)) {
            throw problem.apply("it is " + otherFormats.get(actual) + " package (format '" + actual + "'), not a " + kind
                    + " one");
        }
        if (!format.equals(actual)) {
            throw problem.apply("format is '" + actual + "', expected '" + format + "'");
        }
        if (number(manifest, "formatVersion") != 1) {
            throw problem.apply("formatVersion " + manifest.get("formatVersion")
                    + " is not supported; this version reads formatVersion 1");
        }
        JsonObject files = object(manifest, "files");
        for (Map.Entry<String, JsonElement> file : files.entrySet()) {
            String sha = file.getValue().isJsonPrimitive() ? file.getValue().getAsString() : null;
            PackageManifests.verifyListedFile(dir, file.getKey(), sha, problem);
        }
        return files;
    }

    /** The failure for a problem this class does not check itself. */
    public InvalidModelException invalid(String what) {
        return problem.apply(what);
    }
}
