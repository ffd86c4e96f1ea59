package org.alphaclip.world.internal.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.world.Colour;
import org.alphaclip.world.PixelBox;
import org.alphaclip.world.ReferringExpression;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.Shape;
import org.alphaclip.world.SizeClass;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads a dataset folder written by {@link DatasetWriter} back into scenes. */
public final class DatasetReader {

    private DatasetReader() {
    }

    /**
     * The scenes of a dataset folder (or of a {@code scenes.jsonl} file), at most {@code limit} of them.
     *
     * @param images reads the scene images and masks
     * @throws IOException if a file is missing or unreadable, or a line is not a scene
     */
    public static List<Scene> read(Path folderOrFile, int limit, ImageReader images) throws IOException {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(DatasetWriter.SCENES) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IOException("No scene list at " + file + " (expected a folder written by world:generate)");
        }
        Path root = file.toAbsolutePath().getParent();
        List<Scene> scenes = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null && scenes.size() < limit) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    scenes.add(scene(JsonParser.parseString(line).getAsJsonObject(), root, images));
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + number + " is not a scene: " + e.getMessage(), e);
                } catch (InvalidImageException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
        return scenes;
    }

    private static Scene scene(JsonObject line, Path root, ImageReader images) throws InvalidImageException {
        List<SceneObject> objects = new ArrayList<>();
        for (JsonElement element : line.getAsJsonArray("objects")) {
            JsonObject o = element.getAsJsonObject();
            var box = o.getAsJsonArray("box");
            objects.add(new SceneObject(
                    Shape.valueOf(o.get("shape").getAsString().toUpperCase(Locale.ROOT)),
                    Colour.valueOf(o.get("colour").getAsString().toUpperCase(Locale.ROOT)),
                    SizeClass.valueOf(o.get("size").getAsString().toUpperCase(Locale.ROOT)),
                    images.readMask(root.resolve(o.get("mask").getAsString())),
                    new PixelBox(box.get(0).getAsInt(), box.get(1).getAsInt(), box.get(2).getAsInt(), box.get(3).getAsInt()),
                    o.get("phrase").getAsString()));
        }
        List<String> labels = new ArrayList<>();
        line.getAsJsonArray("labels").forEach(l -> labels.add(l.getAsString()));
        List<ReferringExpression> expressions = new ArrayList<>();
        for (JsonElement element : line.getAsJsonArray("expressions")) {
            JsonObject e = element.getAsJsonObject();
            expressions.add(new ReferringExpression(e.get("text").getAsString(), e.get("target").getAsInt()));
        }
        return new Scene(line.get("renderer").getAsString(), line.get("seed").getAsLong(),
                images.readImage(root.resolve(line.get("image").getAsString())), line.get("background").getAsString(),
                objects, line.get("caption").getAsString(), labels, expressions);
    }
}
