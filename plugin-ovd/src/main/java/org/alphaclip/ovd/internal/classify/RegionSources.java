package org.alphaclip.ovd.internal.classify;

import java.io.IOException;
import java.nio.file.Files;
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
import org.alphaclip.sdk.command.RegionOptions;

/** Where the regions of {@code ovd:classify} come from: a boxes file, a folder of masks, or proposals. */
public final class RegionSources {

    private static final Pattern IMAGE_FILE = Pattern.compile(".*\\.(png|jpe?g|bmp|gif)", Pattern.CASE_INSENSITIVE);

    private RegionSources() {
    }

    /**
     * Reads a boxes file ({@link RegionOptions#readBoxes}): a JSON list of {@code [x0, y0, x1, y1]} (pixel edges,
     * x1 and y1 exclusive) or COCO objects with {@code "bbox": [x, y, width, height]}. Each box is the region as
     * given; the part inside the image is what is drawn.
     *
     * @throws IOException when the file is not such a list or a box lies wholly outside the image; the message
     *         says which
     */
    public static List<RegionQuery> boxes(Path file, int width, int height) throws IOException {
        List<Region.Box> boxes = RegionOptions.readBoxes(file);
        List<RegionQuery> regions = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Region.Box box = boxes.get(i);
            String where = file.getFileName() + " #" + (i + 1);
            Region.Box inside = box.clip(width, height).orElseThrow(() -> new IOException(where + " " + box.describe()
                    + " lies outside the " + width + "x" + height + " image"));
            int[] pixels = {(int) Math.floor(inside.x0()), (int) Math.floor(inside.y0()), (int) Math.ceil(inside.x1()),
                (int) Math.ceil(inside.y1())};
            regions.add(new RegionQuery(box, pixels, null, where));
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
}
