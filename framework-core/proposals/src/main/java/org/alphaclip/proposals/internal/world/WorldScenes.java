package org.alphaclip.proposals.internal.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.io.FileDigests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The scenes of synthetic-world dataset folders (written by {@code world:generate}: {@code scenes.jsonl},
 * {@code images/*.png}, {@code masks/*.png}), found by their pixels: an image is matched to the scene
 * whose PNG decodes to the same RGB bytes. Scene images are hashed on first need and remembered.
 *
 * <pre>{@code
 * WorldScenes scenes = new WorldScenes(List.of(Path.of("data/world-val")), imageReader);
 * WorldScenes.Scene scene = scenes.find(image);   // null when it is not a world scene
 * }</pre>
 */
final class WorldScenes {

    /**
     * One object of a scene.
     *
     * @param label e.g. {@code red circle}
     * @param box its pixel box, x1 and y1 exclusive
     * @param maskFile its mask PNG (255 on its visible pixels)
     */
    record SceneObject(String label, Region.Box box, Path maskFile) {
    }

    /**
     * One scene line.
     *
     * @param id scene id, e.g. {@code val-000012}
     * @param width image width
     * @param height image height
     * @param imageFile the image PNG
     * @param objects objects from bottom to top
     */
    record Scene(String id, int width, int height, Path imageFile, List<SceneObject> objects) {
    }

    private final List<Path> folders;
    private final ImageReader images;
    private List<Scene> scenes;
    private final Map<Path, String> hashes = new HashMap<>();

    WorldScenes(List<Path> folders, ImageReader images) {
        this.folders = List.copyOf(folders);
        this.images = images;
    }

    /** The scene showing exactly this image, or {@code null}. */
    synchronized Scene find(RgbImage image) throws IOException {
        if (scenes == null) {
            scenes = load();
        }
        String wanted = null;
        for (Scene scene : scenes) {
            if (scene.width() != image.width() || scene.height() != image.height()) {
                continue;
            }
            if (wanted == null) {
                wanted = FileDigests.sha256(image.rgb());
            }
            String hash = hashes.get(scene.imageFile());
            if (hash == null) {
                hash = FileDigests.sha256(readImage(scene.imageFile()).rgb());
                hashes.put(scene.imageFile(), hash);
            }
            if (hash.equals(wanted)) {
                return scene;
            }
        }
        return null;
    }

    /** Reads an object's mask. */
    GrayImage readMask(SceneObject object) throws IOException {
        try {
            return images.readMask(object.maskFile());
        } catch (InvalidImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private RgbImage readImage(Path file) throws IOException {
        try {
            return images.readImage(file);
        } catch (InvalidImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private List<Scene> load() throws IOException {
        List<Scene> out = new ArrayList<>();
        for (Path folder : folders) {
            Path file = Files.isDirectory(folder) ? folder.resolve("scenes.jsonl") : folder;
            if (!Files.isRegularFile(file)) {
                throw new IOException("No world dataset at " + folder + " (expected scenes.jsonl written by world:generate)");
            }
            Path root = file.toAbsolutePath().getParent();
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = lines.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        out.add(scene(JsonParser.parseString(line).getAsJsonObject(), root));
                    } catch (RuntimeException e) {
                        throw new IOException(file + " line " + number + " is not a world scene: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }

    private static Scene scene(JsonObject line, Path root) {
        List<SceneObject> objects = new ArrayList<>();
        for (JsonElement element : line.getAsJsonArray("objects")) {
            JsonObject o = element.getAsJsonObject();
            JsonArray b = o.getAsJsonArray("box");
            Region.Box box = new Region.Box(b.get(0).getAsInt(), b.get(1).getAsInt(), b.get(2).getAsInt(), b.get(3).getAsInt());
            objects.add(new SceneObject(o.get("label").getAsString(), box, inside(root, o.get("mask").getAsString())));
        }
        return new Scene(line.get("id").getAsString(), line.get("width").getAsInt(), line.get("height").getAsInt(),
                inside(root, line.get("image").getAsString()), objects);
    }

    private static Path inside(Path root, String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("file '" + relative + "' lies outside the dataset folder");
        }
        return file;
    }
}
