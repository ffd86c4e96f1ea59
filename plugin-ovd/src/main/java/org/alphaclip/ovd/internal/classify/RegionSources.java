package org.alphaclip.ovd.internal.classify;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.region.Region;
import org.alphaclip.ovd.internal.rle.Rle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Where the regions of {@code ovd:classify} come from: a boxes file, a folder of masks, or proposals. */
public final class RegionSources {

    private static final Pattern IMAGE_FILE = Pattern.compile(".*\\.(png|jpe?g|bmp|gif)", Pattern.CASE_INSENSITIVE);

    private RegionSources() {
    }

    /**
     * Reads a JSON array of boxes, each {@code [x0, y0, x1, y1]} (pixel edges, x1 and y1 exclusive) or a COCO
     * object with {@code "bbox": [x, y, width, height]}.
     *
     * @throws IOException when the file is not such a list or a box misses the image; the message says which
     */
    public static List<RegionQuery> boxes(Path file, int width, int height) throws IOException {
        JsonArray array;
        if (Files.isDirectory(file)) {
            throw new IOException("Boxes file " + file + " is a folder, not a file");
        }
        try {
            array = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
        } catch (NoSuchFileException e) {
            throw new IOException("No boxes file " + file, e);
        } catch (CharacterCodingException e) {
            throw new IOException("Boxes file " + file + " is not UTF-8 text", e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + " is not a JSON array of boxes [x0, y0, x1, y1]", e);
        }
        List<RegionQuery> regions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String where = file.getFileName() + " #" + (i + 1);
            double[] corners;
            try {
                corners = corners(array.get(i));
            } catch (RuntimeException e) {
                throw new IOException(where + " is not a box [x0, y0, x1, y1] or {\"bbox\": [x, y, w, h]}", e);
            }
            Region.Box box;
            try {
                box = new Region.Box(corners[0], corners[1], corners[2], corners[3]);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
            if (box.x1() <= 0 || box.y1() <= 0 || box.x0() >= width || box.y0() >= height) {
                throw new IOException(where + " " + box.describe() + " lies outside the " + width + "x" + height + " image");
            }
            int[] pixels = {(int) Math.max(0, Math.floor(box.x0())), (int) Math.max(0, Math.floor(box.y0())),
                (int) Math.min(width, Math.ceil(box.x1())), (int) Math.min(height, Math.ceil(box.y1()))};
            regions.add(new RegionQuery(box, pixels, null, where));
        }
        if (regions.isEmpty()) {
            throw new IOException(file + " lists no boxes");
        }
        return regions;
    }

    /**
     * Reads every mask image of a folder (PNG, JPEG, BMP or GIF, by name); each must have the image's size.
     *
     * @throws IOException when the folder holds no masks, a mask cannot be read, is empty or has another size
     */
    public static List<RegionQuery> masks(Path folder, ImageReader reader, int width, int height) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("--masks " + folder + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> children = Files.list(folder)) {
            files = children.filter(p -> IMAGE_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        List<RegionQuery> regions = new ArrayList<>();
        for (Path file : files) {
            GrayImage mask;
            try {
                mask = reader.readMask(file);
            } catch (InvalidImageException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (mask.width() != width || mask.height() != height) {
                throw new IOException("Mask " + file + " is " + mask.width() + "x" + mask.height() + ", the image is "
                        + width + "x" + height);
            }
            regions.add(maskQuery(mask, file.getFileName().toString()));
        }
        if (regions.isEmpty()) {
            throw new IOException("No mask images (PNG, JPEG, BMP, GIF) in " + folder);
        }
        return regions;
    }

    /** The proposals as regions (their masks), in the proposer's order, dropping empty ones. */
    public static List<RegionQuery> proposals(List<MaskProposal> proposals) {
        List<RegionQuery> regions = new ArrayList<>();
        for (MaskProposal p : proposals) {
            if (Rle.of(p.mask(), Region.DEFAULT_THRESHOLD).area() > 0) {
                regions.add(maskQuery(p.mask(), p.source()));
            }
        }
        return regions;
    }

    private static RegionQuery maskQuery(GrayImage mask, String source) {
        int[] b = Rle.of(mask, Region.DEFAULT_THRESHOLD).bbox();
        if (b[2] == 0) {
            throw new IllegalArgumentException("Mask " + source + " is empty (no value >= " + Region.DEFAULT_THRESHOLD + ")");
        }
        return new RegionQuery(new Region.Mask(mask), new int[] {b[0], b[1], b[0] + b[2], b[1] + b[3]}, mask, source);
    }

    private static double[] corners(JsonElement element) {
        if (element.isJsonArray()) {
            JsonArray a = element.getAsJsonArray();
            if (a.size() != 4) {
                throw new IllegalArgumentException("4 numbers expected");
            }
            return new double[] {a.get(0).getAsDouble(), a.get(1).getAsDouble(), a.get(2).getAsDouble(), a.get(3).getAsDouble()};
        }
        JsonArray b = element.getAsJsonObject().getAsJsonArray("bbox");
        if (b == null || b.size() != 4) {
            throw new IllegalArgumentException("bbox [x, y, w, h] expected");
        }
        double x = b.get(0).getAsDouble();
        double y = b.get(1).getAsDouble();
        return new double[] {x, y, x + b.get(2).getAsDouble(), y + b.get(3).getAsDouble()};
    }
}
