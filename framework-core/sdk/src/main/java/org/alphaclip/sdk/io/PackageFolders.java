package org.alphaclip.sdk.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.alphaclip.api.model.InvalidModelException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Finds the package of one kind that {@code --model} names: a folder, or a package in the application's model
 * folders (the encoder packages' {@code modelDirs}) by folder name or by the {@code name} in its manifest. Without
 * {@code --model}, the only package of that kind there. Which kind of package a given folder holds is the opener's to
 * check.
 *
 * <pre>{@code
 * PackageFolders folders = PackageFolders.configured(context.getProperty("alphaclip.home"), config.modelDirs(),
 *         "alphaclip-mllm-package", "multimodal");
 * Path folder = folders.resolve("llava-7b");
 * }</pre>
 *
 * @param modelDirs the folders whose sub-folders are packages
 * @param format the manifest {@code format} of the kind looked for, e.g. {@code alphaclip-mllm-package}
 * @param kind how messages name the kind, e.g. {@code multimodal}
 */
public record PackageFolders(List<Path> modelDirs, String format, String kind) {

    private static final String HOME = "${alphaclip.home}";

    /** Copies the folders. */
    public PackageFolders {
        modelDirs = List.copyOf(modelDirs);
    }

    /**
     * The configured model folders ({@code ${alphaclip.home}} replaced by the application folder; entries naming it
     * are left out when the application folder is unknown).
     */
    public static PackageFolders configured(String home, String[] modelDirs, String format, String kind) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : modelDirs) {
            if (home != null || !dir.contains(HOME)) {
                dirs.add(Path.of(dir.replace(HOME, home == null ? "" : home)));
            }
        }
        return new PackageFolders(dirs, format, kind);
    }

    /**
     * The package folder of a {@code --model} value.
     *
     * @param model a folder, a package name, or empty for the only multimodal package in the model folders
     * @throws IllegalArgumentException naming the value and the folders looked in, with the packages found there
     */
    public Path resolve(String model) {
        List<Found> found = packages();
        if (model.isEmpty()) {
            if (found.size() == 1) {
                return found.get(0).folder();
            }
            throw new IllegalArgumentException("Missing --model <package folder or name>" + (found.isEmpty()
                    ? ": " + where() + " holds no " + kind + " package" : "; " + where() + " holds " + names(found)));
        }
        Path given = Path.of(model);
        if (Files.isDirectory(given)) {
            return given.toAbsolutePath().normalize();
        }
        if (given.getNameCount() == 1 && !given.isAbsolute()) {
            for (Path dir : modelDirs) {
                if (Files.isDirectory(dir.resolve(model))) {
                    return dir.resolve(model).toAbsolutePath().normalize();
                }
            }
            Optional<Found> named = found.stream().filter(f -> f.name().equals(model)).findFirst();
            if (named.isPresent()) {
                return named.get().folder();
            }
        }
        throw new IllegalArgumentException("--model '" + model + "' is neither a folder nor a package in " + where()
                + (found.isEmpty() ? "" : "; " + kind + " packages there: " + names(found)));
    }

    /** A package of the kind in a model folder: its folder and manifest name. */
    private record Found(Path folder, String name) {
    }

    private List<Found> packages() {
        List<Found> found = new ArrayList<>();
        for (Path dir : modelDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.sorted().toList()) {
                    manifestName(child).ifPresent(name -> found.add(new Found(child.toAbsolutePath().normalize(), name)));
                }
            } catch (IOException e) {
                // an unreadable model folder holds nothing this lookup can use; the encoder catalogue reports it
            }
        }
        return found;
    }

    /** The manifest name of a package folder of the kind; empty for any other folder. */
    private Optional<String> manifestName(Path folder) {
        Path manifest = folder.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            JsonObject root = PackageManifests.read(manifest, "Package manifest");
            JsonElement format = root.get("format");
            JsonElement name = root.get("name");
            boolean wanted = format != null && format.isJsonPrimitive() && this.format.equals(format.getAsString());
            return wanted ? Optional.of(name != null && name.isJsonPrimitive() ? name.getAsString()
                    : folder.getFileName().toString()) : Optional.empty();
        } catch (InvalidModelException e) {
            return Optional.empty();
        }
    }

    private String where() {
        return modelDirs.isEmpty() ? "the model folders (none configured)" : String.join(", ",
                modelDirs.stream().map(Path::toString).toList());
    }

    private static String names(List<Found> found) {
        return String.join(", ", found.stream().map(Found::name).toList());
    }
}
