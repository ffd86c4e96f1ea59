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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>An LVIS file is told from a COCO one by what LVIS adds: a {@code frequency} ({@code r}, {@code c} or
 * {@code f}) on its categories, or {@code neg_category_ids} / {@code not_exhaustive_category_ids} on its
 * images. An annotation's area is its {@code area} field, else its mask's pixel count, else its box's
 * width × height; in a result list, as lvis-api's results, it is the box's width × height when the first
 * result gives a {@code bbox}, else the mask's pixel count ({@code area} fields there are not read).
 *
 * @param imageIds the ids of {@code images} (empty for a result list)
 * @param categoryIds the ids of {@code categories} (empty for a result list)
 * @param instances the annotations or results; a missing score reads as 1
 * @param frequencies the LVIS frequency group ({@code r}, {@code c} or {@code f}) of each category that has one
 * @param federatedLabels the LVIS labels of each image that has {@code neg_category_ids} or
 *        {@code not_exhaustive_category_ids}
 */
public record AnnotationFile(List<Long> imageIds, List<Integer> categoryIds, List<Instance> instances,
        Map<Integer, String> frequencies, Map<Long, FederatedLabels> federatedLabels) {

    /** LVIS's frequency groups, by the number of training images a category is in: rare, common, frequent. */
    private static final List<String> FREQUENCY_GROUPS = List.of("r", "c", "f");

    /**
     * What LVIS's federated annotation says about an image beside its annotations.
     *
     * @param negative categories verified absent: their detections are false positives
     * @param notExhaustive categories whose instances are not all annotated: their unmatched detections are
     *        ignored
     */
    public record FederatedLabels(Set<Integer> negative, Set<Integer> notExhaustive) {

        /** No categories. */
        public static final FederatedLabels NONE = new FederatedLabels(Set.of(), Set.of());

        /** Copies the sets. */
        public FederatedLabels {
            negative = Set.copyOf(negative);
            notExhaustive = Set.copyOf(notExhaustive);
        }
    }

    /** Copies the lists and maps. */
    public AnnotationFile {
        imageIds = List.copyOf(imageIds);
        categoryIds = List.copyOf(categoryIds);
        instances = List.copyOf(instances);
        frequencies = Map.copyOf(frequencies);
        federatedLabels = Map.copyOf(federatedLabels);
    }

    /** A COCO file or result list: no LVIS frequencies or federated labels. */
    public AnnotationFile(List<Long> imageIds, List<Integer> categoryIds, List<Instance> instances) {
        this(imageIds, categoryIds, instances, Map.of(), Map.of());
    }

    /** Whether this is an LVIS file (its categories have frequencies or its images federated labels). */
    public boolean lvis() {
        return !frequencies.isEmpty() || !federatedLabels.isEmpty();
    }

    /** An image's federated labels; none when the file gives none for it. */
    public FederatedLabels federatedLabels(long imageId) {
        return federatedLabels.getOrDefault(imageId, FederatedLabels.NONE);
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
        Map<Integer, String> frequencies = new HashMap<>();
        Map<Long, FederatedLabels> labels = new HashMap<>();
        if (Files.isDirectory(file)) {
            throw new IOException("Annotation file " + file + " is a folder, not a file");
        }
        try (BufferedReader text = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = new JsonReader(text)) {
            if (json.peek() == JsonToken.BEGIN_ARRAY) {
                readInstances(json, instances, true);
            } else {
                json.beginObject();
                while (json.hasNext()) {
                    switch (json.nextName()) {
                        case "images" -> readImages(json, images, labels);
                        case "categories" -> readCategories(json, categories, frequencies);
                        case "annotations" -> readInstances(json, instances, false);
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
        return new AnnotationFile(images, categories, instances, frequencies, labels);
    }

    private static void readImages(JsonReader json, List<Long> ids, Map<Long, FederatedLabels> labels)
            throws IOException {
        json.beginArray();
        while (json.hasNext()) {
            json.beginObject();
            Long id = null;
            Set<Integer> negative = null;
            Set<Integer> notExhaustive = null;
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "id" -> id = json.nextLong();
                    case "neg_category_ids" -> negative = readCategoryIds(json);
                    case "not_exhaustive_category_ids" -> notExhaustive = readCategoryIds(json);
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (id == null) {
                throw new IllegalArgumentException("an entry of images has no id");
            }
            ids.add(id);
            if (negative != null || notExhaustive != null) {
                labels.put(id, new FederatedLabels(negative != null ? negative : Set.of(),
                        notExhaustive != null ? notExhaustive : Set.of()));
            }
        }
        json.endArray();
    }

    private static Set<Integer> readCategoryIds(JsonReader json) throws IOException {
        Set<Integer> ids = new HashSet<>();
        json.beginArray();
        while (json.hasNext()) {
            ids.add(json.nextInt());
        }
        json.endArray();
        return ids;
    }

    private static void readCategories(JsonReader json, List<Integer> ids, Map<Integer, String> frequencies)
            throws IOException {
        json.beginArray();
        while (json.hasNext()) {
            json.beginObject();
            Integer id = null;
            String frequency = null;
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "id" -> id = json.nextInt();
                    case "frequency" -> frequency = json.nextString();
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (id == null) {
                throw new IllegalArgumentException("an entry of categories has no id");
            }
            ids.add(id);
            if (frequency != null) {
                if (!FREQUENCY_GROUPS.contains(frequency)) {
                    throw new IllegalArgumentException("category " + id + " has frequency '" + frequency
                            + "'; LVIS's groups are r, c and f");
                }
                frequencies.put(id, frequency);
            }
        }
        json.endArray();
    }

    private static void readInstances(JsonReader json, List<Instance> out, boolean resultList) throws IOException {
        json.beginArray();
        Boolean boxAreas = null;
        while (json.hasNext()) {
            json.beginObject();
            Long image = null;
            Integer category = null;
            double[] bbox = null;
            Rle mask = null;
            double score = 1;
            Double area = null;
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "image_id" -> image = json.nextLong();
                    case "category_id" -> category = json.nextInt();
                    case "bbox" -> bbox = readNumbers(json);
                    case "score" -> score = json.nextDouble();
                    case "segmentation" -> mask = readMask(json);
                    case "area" -> area = json.nextDouble();
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (image == null || category == null) {
                throw new IllegalArgumentException("annotation " + (out.size() + 1) + " lacks image_id or category_id");
            }
            if (boxAreas == null) {
                boxAreas = bbox != null;
            }
            if (bbox == null) {
                if (mask == null) {
                    throw new IllegalArgumentException("annotation " + (out.size() + 1) + " has neither bbox nor segmentation");
                }
                bbox = Arrays.stream(mask.bbox()).asDoubleStream().toArray();
            }
            if (resultList) {
                area = boxAreas || mask == null ? Instance.boxArea(bbox) : mask.area();
            }
            out.add(area != null ? new Instance(image, category, bbox, mask, score, area)
                    : new Instance(image, category, bbox, mask, score));
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
