package org.alphaclip.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.apache.spark.sql.Row;

/**
 * A partition's items through the JVM's encoder, {@code batch} images at a time: each item comes back with its
 * embedding, or with the reason it has none (an image that does not read, a bad region, a failed batch).
 */
final class ImageBatches {

    /** One item's outcome. */
    interface Result {
        /** The item with its embedding, or null and the error. */
        void accept(Row item, float[] embedding, String error);
    }

    private ImageBatches() {
    }

    /** Encodes every item of {@code rows} (path, region) and hands each outcome to {@code result}, in order. */
    static void encode(Iterator<Row> rows, OnnxAlphaClipEncoder encoder, int batch, Result result) {
        ImageFileReader reader = imageReader();
        List<Row> pending = new ArrayList<>();
        List<RegionImage> inputs = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            try {
                inputs.add(new RegionImage(reader.readImage(Path.of(row.getString(0))), region(row.getString(1))));
                pending.add(row);
            } catch (InvalidImageException | IllegalArgumentException e) {
                result.accept(row, null, e.getMessage());
            }
            if (inputs.size() >= Math.max(1, batch)) {
                flush(encoder, pending, inputs, result);
            }
        }
        flush(encoder, pending, inputs, result);
    }

    private static void flush(OnnxAlphaClipEncoder encoder, List<Row> pending, List<RegionImage> inputs,
            Result result) {
        if (inputs.isEmpty()) {
            return;
        }
        try {
            var encoding = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
            for (int i = 0; i < pending.size(); i++) {
                result.accept(pending.get(i), encoding.embedding(i), null);
            }
        } catch (EncoderException e) {
            for (Row row : pending) {
                result.accept(row, null, e.getMessage());
            }
        }
        pending.clear();
        inputs.clear();
    }

    /**
     * The image reader of an application without configuration: at most 100 M decoded pixels, the stored
     * orientation (as the official preprocessing reads photos).
     */
    static ImageFileReader imageReader() {
        return new ImageFileReader(100_000_000L);
    }

    /** An empty region is the whole image; else a box {@code x0,y0,x1,y1}. */
    static Region region(String text) {
        if (text.isEmpty()) {
            return new Region.Whole();
        }
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("A region is a box x0,y0,x1,y1, got '" + text + "'");
        }
        return new Region.Box(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                Double.parseDouble(parts[2]), Double.parseDouble(parts[3]));
    }

    /** The values as a Parquet float array. */
    static Float[] boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
