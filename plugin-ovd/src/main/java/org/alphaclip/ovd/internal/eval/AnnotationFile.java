package org.alphaclip.ovd.internal.eval;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.alphaclip.ovd.internal.rle.Rle;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

/**
 * The objects of a COCO / LVIS annotation file ({@code {"images", "annotations", "categories"}}) or of a COCO
 * result file (a list of {@code {"image_id", "category_id", "bbox", "segmentation", "score"}}), read as a
 * stream so that large files fit. Masks must be RLE (compressed string or plain counts); polygons are
 * refused.
 *
 * @param imageIds the ids of {@code images} (empty for a result list)
 * @param categoryIds the ids of {@code categories} (empty for a result list)
 * @param instances the annotations or results; a missing score reads as 1
 */
public record AnnotationFile(List<Long> imageIds, List<Integer> categoryIds, List<Instance> instances) {

    /** Copies the lists. */
    public AnnotationFile {
        imageIds = List.copyOf(imageIds);
        categoryIds = List.copyOf(categoryIds);
        instances = List.copyOf(instances);
    }

    /**
     * Reads a file.
     *
     * @throws IOException when the file cannot be read or is not such a file; the message names it
     */
    public static AnnotationFile read(Path file) throws IOException {
        List<Long> images = new ArrayList<>();
        List<Integer> categories = new ArrayList<>();
        List<Instance> instances = new ArrayList<>();
        if (Files.isDirectory(file)) {
            throw new IOException("Annotation file " + file + " is a folder, not a file");
        }
        try (BufferedReader text = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = new JsonReader(text)) {
            if (json.peek() == JsonToken.BEGIN_ARRAY) {
                readInstances(json, instances);
            } else {
                json.beginObject();
                while (json.hasNext()) {
                    switch (json.nextName()) {
                        case "images" -> readIds(json, id -> images.add(id));
                        case "categories" -> readIds(json, id -> categories.add(Math.toIntExact(id)));
                        case "annotations" -> readInstances(json, instances);
                        default -> json.skipValue();
                    }
                }
                json.endObject();
            }
        } catch (NoSuchFileException e) {
            throw new IOException("No annotation file " + file, e);
        } catch (CharacterCodingException e) {
            throw new IOException("Annotation file " + file + " is not UTF-8 text", e);
        } catch (EOFException | MalformedJsonException | JsonParseException | IllegalStateException
                | IllegalArgumentException | ArithmeticException e) {
            throw new IOException(file + " is not a COCO/LVIS annotation or result file: " + e.getMessage(), e);
        }
        return new AnnotationFile(images, categories, instances);
    }

    private interface IdSink {
        void accept(long id);
    }

    private static void readIds(JsonReader json, IdSink sink) throws IOException {
        json.beginArray();
        while (json.hasNext()) {
            json.beginObject();
            Long id = null;
            while (json.hasNext()) {
                if (json.nextName().equals("id")) {
                    id = json.nextLong();
                } else {
                    json.skipValue();
                }
            }
            json.endObject();
            if (id == null) {
                throw new IllegalArgumentException("an entry of images or categories has no id");
            }
            sink.accept(id);
        }
        json.endArray();
    }

    private static void readInstances(JsonReader json, List<Instance> out) throws IOException {
        json.beginArray();
        while (json.hasNext()) {
            json.beginObject();
            Long image = null;
            Integer category = null;
            double[] bbox = null;
            Rle mask = null;
            double score = 1;
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "image_id" -> image = json.nextLong();
                    case "category_id" -> category = json.nextInt();
                    case "bbox" -> bbox = readNumbers(json);
                    case "score" -> score = json.nextDouble();
                    case "segmentation" -> mask = readMask(json);
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (image == null || category == null) {
                throw new IllegalArgumentException("annotation " + (out.size() + 1) + " lacks image_id or category_id");
            }
            if (bbox == null) {
                if (mask == null) {
                    throw new IllegalArgumentException("annotation " + (out.size() + 1) + " has neither bbox nor segmentation");
                }
                bbox = Arrays.stream(mask.bbox()).asDoubleStream().toArray();
            }
            out.add(new Instance(image, category, bbox, mask, score));
        }
        json.endArray();
    }

    private static double[] readNumbers(JsonReader json) throws IOException {
        List<Double> values = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            values.add(json.nextDouble());
        }
        json.endArray();
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Rle readMask(JsonReader json) throws IOException {
        if (json.peek() == JsonToken.BEGIN_ARRAY) {
            throw new IllegalArgumentException("polygon segmentations are not supported; give masks as RLE"
                    + " ({\"size\": [h, w], \"counts\": ...})");
        }
        json.beginObject();
        double[] size = null;
        String compressed = null;
        int[] counts = null;
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "size" -> size = readNumbers(json);
                case "counts" -> {
                    if (json.peek() == JsonToken.STRING) {
                        compressed = json.nextString();
                    } else {
                        counts = Arrays.stream(readNumbers(json)).mapToInt(v -> (int) v).toArray();
                    }
                }
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (size == null || size.length != 2 || (compressed == null && counts == null)) {
            throw new IllegalArgumentException("an RLE segmentation needs \"size\": [h, w] and \"counts\"");
        }
        int h = (int) size[0];
        int w = (int) size[1];
        return compressed != null ? Rle.fromCompressed(h, w, compressed) : new Rle(h, w, counts);
    }
}
