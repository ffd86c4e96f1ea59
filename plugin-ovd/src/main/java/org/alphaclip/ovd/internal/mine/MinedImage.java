package org.alphaclip.ovd.internal.mine;

import java.util.Arrays;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What mining found for one image, as one record of the state file.
 *
 * @param id the image id
 * @param file the image path as the dataset lists it
 * @param classIndex the image's class
 * @param status how it went
 * @param reason why it has no mask (empty when it has one)
 * @param width image width (0 when unreadable)
 * @param height image height (0 when unreadable)
 * @param proposals how many masks the proposer returned
 * @param score the best mask's class probability
 * @param cosine the best mask's cosine with the class prompt
 * @param bbox the best mask's box {@code [x, y, width, height]}
 * @param area the best mask's pixel count
 * @param counts the best mask as COCO compressed RLE (size {@code [height, width]})
 * @param source the proposer's description of the best mask
 */
public record MinedImage(int id, String file, int classIndex, Status status, String reason, int width, int height,
        int proposals, double score, double cosine, int[] bbox, long area, String counts, String source) {

    /** How mining an image ended. */
    public enum Status {
        /** A best mask was found. */
        OK("ok"),
        /** The image could not be decoded; not retried. */
        UNREADABLE("unreadable"),
        /** The proposer found no usable mask; not retried. */
        NO_MASKS("no-masks"),
        /** The proposer failed on the image; retried by the next run. */
        FAILED("failed");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        /** The word in state files and summaries. */
        public String word() {
            return word;
        }

        /** Whether the image counts as done (a restart does not redo it). */
        public boolean isFinal() {
            return this != FAILED;
        }

        static Status parse(String word) {
            for (Status s : values()) {
                if (s.word.equals(word)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown status '" + word + "'");
        }
    }

    /** Copies the box. */
    public MinedImage {
        bbox = bbox.clone();
    }

    /** An image without a mask. */
    public static MinedImage without(Dataset.Item item, Status status, String reason, int width, int height,
            int proposals) {
        return new MinedImage(item.id(), item.file(), item.classIndex(), status, reason, width, height, proposals, 0, 0,
                new int[4], 0, "", "");
    }

    @Override
    public int[] bbox() {
        return bbox.clone();
    }

    /** The record as a JSON object. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("file", file);
        o.addProperty("class", classIndex);
        o.addProperty("status", status.word());
        if (status != Status.OK) {
            o.addProperty("reason", reason);
        }
        o.addProperty("width", width);
        o.addProperty("height", height);
        o.addProperty("proposals", proposals);
        if (status == Status.OK) {
            o.addProperty("score", score);
            o.addProperty("cosine", cosine);
            JsonArray box = new JsonArray();
            Arrays.stream(bbox).forEach(box::add);
            o.add("bbox", box);
            o.addProperty("area", area);
            o.addProperty("counts", counts);
            o.addProperty("source", source);
        }
        return o;
    }

    /** Reads a record written by {@link #toJson()}. */
    public static MinedImage fromJson(JsonObject o) {
        Status status = Status.parse(o.get("status").getAsString());
        boolean ok = status == Status.OK;
        int[] box = new int[4];
        if (ok) {
            JsonArray b = o.getAsJsonArray("bbox");
            for (int i = 0; i < 4; i++) {
                box[i] = b.get(i).getAsInt();
            }
        }
        return new MinedImage(o.get("id").getAsInt(), o.get("file").getAsString(), o.get("class").getAsInt(), status,
                ok ? "" : text(o.get("reason")), o.get("width").getAsInt(), o.get("height").getAsInt(),
                o.get("proposals").getAsInt(), ok ? o.get("score").getAsDouble() : 0,
                ok ? o.get("cosine").getAsDouble() : 0, box, ok ? o.get("area").getAsLong() : 0,
                ok ? o.get("counts").getAsString() : "", ok ? text(o.get("source")) : "");
    }

    private static String text(JsonElement element) {
        return element == null || element.isJsonNull() ? "" : element.getAsString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MinedImage m && m.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return status == Status.OK
                ? String.format(Locale.ROOT, "%d %s: %s score %.4f box %s", id, file, status.word(), score, Arrays.toString(bbox))
                : id + " " + file + ": " + status.word() + " (" + reason + ")";
    }
}
