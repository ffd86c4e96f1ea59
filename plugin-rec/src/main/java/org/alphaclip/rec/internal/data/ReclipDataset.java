package org.alphaclip.rec.internal.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.region.Region;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * ReCLIP's RefCOCO/RefCOCO+/RefCOCOg files ({@code refcoco_val.jsonl}, ...): one JSON object per line with
 * {@code file_name}, {@code image_id}, {@code anns} (each with {@code id} and {@code bbox} [x, y, w, h]),
 * {@code ann_id} (one id or a list: the referred objects) and {@code sentences} (each with {@code raw}).
 * COCO file names carry an annotation suffix ({@code COCO_train2014_000000581857_16.jpg}) that is cut to
 * find the image ({@code COCO_train2014_000000581857.jpg}). Proposals are the image's detections when a
 * detections file is given (an image without detections gets one whole-image box, as in ReCLIP), else the
 * annotated boxes.
 */
public final class ReclipDataset {

    private ReclipDataset() {
    }

    /**
     * Reads one split.
     *
     * @param detections image id -> boxes, or {@code null} to use the annotated boxes
     * @throws IOException when the file is missing or a line is malformed; the message names the line
     */
    public static EvalSplit read(Path file, Path imageRoot, Map<String, List<Region.Box>> detections) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
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
                    images.add(datum(JsonParser.parseString(line).getAsJsonObject(), number, imageRoot, detections));
                } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException e) {
                    throw new IOException(file + " line " + number + " is not a ReCLIP datum (" + e.getMessage() + ")");
                } catch (IOException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException("Dataset file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new IOException("Dataset file " + file + " is not UTF-8 text");
        }
        if (images.isEmpty()) {
            throw new IOException("Dataset file " + file + " holds no data");
        }
        return new EvalSplit(name, "reclip", images);
    }

    /** The image file of a datum's {@code file_name}. */
    static String imageFileName(String fileName) {
        if (!fileName.toLowerCase(Locale.ROOT).contains("coco")) {
            return fileName;
        }
        int cut = fileName.lastIndexOf('_');
        return cut < 0 ? fileName : fileName.substring(0, cut) + ".jpg";
    }

    private static EvalImage datum(JsonObject datum, int number, Path imageRoot,
            Map<String, List<Region.Box>> detections) throws IOException {
        String imageId = required(datum, "image_id").getAsString();
        Set<String> referred = new HashSet<>();
        JsonElement annId = required(datum, "ann_id");
        if (annId.isJsonArray()) {
            annId.getAsJsonArray().forEach(id -> referred.add(id.getAsString()));
        } else {
            referred.add(annId.getAsString());
        }
        List<Region.Box> annotated = new ArrayList<>();
        List<Region.Box> gold = new ArrayList<>();
        for (JsonElement element : required(datum, "anns").getAsJsonArray()) {
            JsonObject ann = element.getAsJsonObject();
            double[] v = Boxes.numbers(required(ann, "bbox"), 4, "bbox of annotation " + ann.get("id"));
            Region.Box box = Boxes.fromXywh(v[0], v[1], v[2], v[3], "bbox of annotation " + ann.get("id"));
            annotated.add(box);
            if (referred.contains(required(ann, "id").getAsString())) {
                gold.add(box);
            }
        }
        if (gold.isEmpty()) {
            throw new IOException("no annotation has the referred ann_id " + annId);
        }
        List<Region.Box> boxes = annotated;
        List<String> notes = new ArrayList<>();
        if (detections != null) {
            boxes = detections.getOrDefault(imageId, List.of());
            if (boxes.isEmpty()) {
                notes.add("image " + imageId + " has no detections: the whole image is the only proposal");
            }
        }
        String key = "line" + number;
        List<EvalExpression> expressions = new ArrayList<>();
        int s = 0;
        for (JsonElement sentence : required(datum, "sentences").getAsJsonArray()) {
            expressions.add(new EvalExpression(key + ":" + s++, required(sentence.getAsJsonObject(), "raw").getAsString(), gold));
        }
        Path image = imageRoot.resolve(imageFileName(required(datum, "file_name").getAsString()));
        return new EvalImage(key, image, boxes, List.of(), expressions, notes);
    }

    private static JsonElement required(JsonObject object, String field) throws IOException {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IOException("missing field '" + field + "'");
        }
        return value;
    }
}
