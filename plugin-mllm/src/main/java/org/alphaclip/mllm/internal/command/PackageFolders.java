package org.alphaclip.mllm.internal.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.mllm.internal.pkg.PackageReader;
import org.alphaclip.sdk.io.PackageManifests;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Finds the multimodal package {@code --model} names: a folder, or a package in the application's model folders
 * (the encoder packages' {@code modelDirs}) by folder name or by the {@code name} in its manifest. Without
 * {@code --model}, the only multimodal package there. Which kind of package a folder holds is the opener's to check.
 *
 * <pre>{@code
 * Path folder = new PackageFolders(List.of(home.resolve("models"))).resolve("llava-7b");
 * }</pre>
 *
 * @param modelDirs the folders whose sub-folders are packages
 */
record PackageFolders(List<Path> modelDirs) {

    /** Copies the folders. */
    PackageFolders {
        modelDirs = List.copyOf(modelDirs);
    }

    /**
     * The package folder of a {@code --model} value.
     *
     * @param model a folder, a package name, or empty for the only multimodal package in the model folders
     * @throws IllegalArgumentException naming the value and the folders looked in, with the packages found there
     */
    Path resolve(String model) {
        List<Found> found = multimodalPackages();
        if (model.isEmpty()) {
            if (found.size() == 1) {
                return found.get(0).folder();
            }
            throw new IllegalArgumentException("Missing --model <package folder or name>" + (found.isEmpty()
                    ? ": " + where() + " holds no multimodal package" : "; " + where() + " holds " + names(found)));
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
                + (found.isEmpty() ? "" : "; multimodal packages there: " + names(found)));
    }

    /** A multimodal package in a model folder: its folder and manifest name. */
    private record Found(Path folder, String name) {
    }

    private List<Found> multimodalPackages() {
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

    /** The manifest name of a multimodal package folder; empty for any other folder. */
    private static Optional<String> manifestName(Path folder) {
        Path manifest = folder.resolve(PackageReader.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            JsonObject root = PackageManifests.read(manifest, "Multimodal package manifest");
            JsonElement format = root.get("format");
            JsonElement name = root.get("name");
            boolean multimodal = format != null && format.isJsonPrimitive() && PackageReader.FORMAT.equals(format.getAsString());
            return multimodal ? Optional.of(name != null && name.isJsonPrimitive() ? name.getAsString()
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
