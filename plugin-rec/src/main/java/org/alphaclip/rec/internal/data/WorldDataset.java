package org.alphaclip.rec.internal.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.region.Region;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A synthetic world dataset folder as {@code world:generate} writes it: {@code scenes.jsonl} with one scene
 * per line ({@code id}, {@code image}, {@code objects} each with {@code box} [x0, y0, x1, y1] (x1, y1
 * exclusive) and {@code mask}, {@code expressions} each with {@code text} and {@code target}, an index into
 * {@code objects}), image and mask paths relative to the folder. The objects' boxes are the proposals
 * (as ground-truth proposals in ReCLIP); their mask files are the true masks.
 */
public final class WorldDataset {

    /** The scene list's file name. */
    public static final String SCENES = "scenes.jsonl";

    private WorldDataset() {
    }

    /** Whether a path is a world dataset folder or its scene list. */
    public static boolean isWorld(Path path) {
        return Files.isDirectory(path) ? Files.isRegularFile(path.resolve(SCENES))
                : path.getFileName() != null && path.getFileName().toString().equals(SCENES);
    }

    /**
     * Reads a folder (or its {@code scenes.jsonl}); the split is named after the folder.
     *
     * @throws IOException when the scene list is missing or a line is malformed; the message names the line
     */
    public static EvalSplit read(Path folderOrFile) throws IOException {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(SCENES) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IOException("No scene list at " + file + " (expected a folder written by world:generate)");
        }
        Path root = file.toAbsolutePath().getParent();
        List<EvalImage> images = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    images.add(scene(JsonParser.parseString(line).getAsJsonObject(), root));
                } catch (JsonParseException | IllegalStateException | IllegalArgumentException
                        | UnsupportedOperationException | NullPointerException | IndexOutOfBoundsException e) {
                    throw new IOException(file + " line " + number + " is not a scene (" + e.getMessage() + ")");
                } catch (IOException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage());
                }
            }
        } catch (CharacterCodingException e) {
            throw new IOException("Scene list " + file + " is not UTF-8 text");
        }
        if (images.isEmpty()) {
            throw new IOException("Scene list " + file + " holds no scenes");
        }
        return new EvalSplit(root.getFileName().toString(), "world", images);
    }

    private static EvalImage scene(JsonObject scene, Path root) throws IOException {
        String id = scene.get("id").getAsString();
        List<Region.Box> boxes = new ArrayList<>();
        List<Path> masks = new ArrayList<>();
        for (JsonElement element : scene.getAsJsonArray("objects")) {
            JsonObject object = element.getAsJsonObject();
            double[] v = Boxes.numbers(object.get("box"), 4, "box of an object of scene " + id);
            boxes.add(Boxes.corners(v[0], v[1], v[2], v[3], "box of an object of scene " + id));
            masks.add(root.resolve(object.get("mask").getAsString()));
        }
        List<EvalExpression> expressions = new ArrayList<>();
        int e = 0;
        for (JsonElement element : scene.getAsJsonArray("expressions")) {
            JsonObject expression = element.getAsJsonObject();
            int target = expression.get("target").getAsInt();
            if (target < 0 || target >= boxes.size()) {
                throw new IOException("expression " + e + " of scene " + id + " targets object " + target + " of "
                        + boxes.size());
            }
            expressions.add(new EvalExpression(id + ":" + e++, expression.get("text").getAsString(), List.of(boxes.get(target))));
        }
        return new EvalImage(id, root.resolve(scene.get("image").getAsString()), boxes, masks, expressions, List.of());
    }
}
