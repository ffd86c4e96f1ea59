package org.alphaclip.rec.internal.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.region.Region;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * ReCLIP's detection files ({@code refcoco_dets_dict.json} and the like). Two layouts are read, as
 * ReCLIP reads them: an object mapping each image id to its boxes, {@code {"581857": [[x, y, w, h], ...]}},
 * or a list of {@code {"image_id": 581857, "box": [x, y, w, h]}}. Boxes are top-left corner, width and
 * height in pixels, and become corner boxes; numbers after the fourth (a score) are ignored.
 */
public final class ReclipDetections {

    private ReclipDetections() {
    }

    /**
     * The boxes of each image id.
     *
     * @throws IOException when the file is missing or malformed; the message names the entry
     */
    public static Map<String, List<Region.Box>> read(Path file) throws IOException {
        JsonElement root;
        if (Files.isDirectory(file)) {
            throw new IOException("Detections file " + file + " is a folder, not a file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(in);
        } catch (NoSuchFileException e) {
            throw new IOException("Detections file " + file + " does not exist");
        } catch (JsonParseException e) {
            throw new IOException("Detections file " + file + " is not JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new IOException("Cannot read detections file " + file + ": " + e.getMessage(), e);
        }
        Map<String, List<Region.Box>> boxes = new HashMap<>();
        if (root.isJsonObject()) {
            for (Map.Entry<String, JsonElement> image : root.getAsJsonObject().entrySet()) {
                String what = "detections of image " + image.getKey() + " in " + file;
                if (!image.getValue().isJsonArray()) {
                    throw new IOException(what + " must be a list of [x, y, w, h] boxes, got " + abbreviate(image.getValue()));
                }
                List<Region.Box> list = new ArrayList<>();
                int i = 0;
                for (JsonElement entry : image.getValue().getAsJsonArray()) {
                    JsonElement box = entry.isJsonObject() ? entry.getAsJsonObject().get("box") : entry;
                    list.add(box(box, "box " + i++ + " of " + what));
                }
                boxes.put(image.getKey(), list);
            }
        } else if (root.isJsonArray()) {
            int i = 0;
            for (JsonElement entry : root.getAsJsonArray()) {
                String what = "detection " + i++ + " in " + file;
                if (!entry.isJsonObject() || !entry.getAsJsonObject().has("image_id")) {
                    throw new IOException(what + " must be an object with image_id and box, got " + abbreviate(entry));
                }
                JsonObject detection = entry.getAsJsonObject();
                JsonElement imageId = detection.get("image_id");
                if (!imageId.isJsonPrimitive()) {
                    throw new IOException(what + ": image_id must be a number or a string, got " + abbreviate(imageId));
                }
                boxes.computeIfAbsent(imageId.getAsString(), k -> new ArrayList<>())
                        .add(box(detection.get("box"), what));
            }
        } else {
            throw new IOException("Detections file " + file + " must hold an object of image id -> boxes or a list of detections");
        }
        return boxes;
    }

    private static Region.Box box(JsonElement box, String what) throws IOException {
        if (box == null) {
            throw new IOException(what + " has no box");
        }
        double[] v = Boxes.numbers(box, 4, what);
        return Boxes.fromXywh(v[0], v[1], v[2], v[3], what);
    }

    private static String abbreviate(JsonElement element) {
        String text = element.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
