package org.alphaclip.core.internal.image;

import java.util.Objects;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.sdk.image.PillowResize;

/**
 * Turns an RGB image into the vision tower's pixel tensor exactly as the official Alpha-CLIP
 * transform does: Pillow bicubic resize of the shortest side to R, center crop R x R, then
 * {@code ((u8 / 255f) - mean[c]) / std[c]} in float32.
 */
public final class ImagePreprocessor {

    private final int resolution;
    private final float[] mean;
    private final float[] std;

    /** Creates a preprocessor; fails with a clear message on preprocessing it does not implement. */
    public ImagePreprocessor(Preprocessing preprocessing) {
        requireSupported(preprocessing);
        this.resolution = preprocessing.resolution();
        this.mean = preprocessing.mean();
        this.std = preprocessing.std();
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("Unsupported preprocessing: std must be positive, got " + s);
            }
        }
    }

    /** The resize and crop an image of this size gets. */
    public CropGeometry geometry(int width, int height) {
        return CropGeometry.shortestSideCenterCrop(width, height, resolution);
    }

    /** Resizes, crops and normalises the image's RGB (its alpha channel is ignored). */
    public PreprocessedImage preprocess(RgbImage image) {
        CropGeometry geometry = geometry(image.width(), image.height());
        byte[] resized = PillowResize.resize(image.rgb(), image.width(), image.height(), 3, geometry.resizedWidth(),
                geometry.resizedHeight(), PillowResize.Filter.BICUBIC);
        byte[] crop = crop(resized, geometry);
        return new PreprocessedImage(geometry, crop, normalise(crop));
    }

    /**
     * Checks the resize, interpolation, crop and resolution are the ones implemented here.
     *
     * @throws IllegalArgumentException naming the unsupported value
     */
    static void requireSupported(Preprocessing preprocessing) {
        Objects.requireNonNull(preprocessing, "preprocessing");
        if (preprocessing.resolution() < 1) {
            throw new IllegalArgumentException("Unsupported preprocessing: resolution " + preprocessing.resolution());
        }
        requireValue("resize", preprocessing.resize(), "shortest-side");
        requireValue("interpolation", preprocessing.interpolation(), "bicubic");
        requireValue("crop", preprocessing.crop(), "center");
    }

    private static void requireValue(String what, String value, String supported) {
        if (!supported.equals(value)) {
            throw new IllegalArgumentException("Unsupported preprocessing: " + what + " '" + value + "' (only '"
                    + supported + "' is implemented)");
        }
    }

    private static byte[] crop(byte[] resized, CropGeometry geometry) {
        int r = geometry.resolution();
        byte[] crop = new byte[r * r * 3];
        for (int y = 0; y < r; y++) {
            int from = ((geometry.cropTop() + y) * geometry.resizedWidth() + geometry.cropLeft()) * 3;
            System.arraycopy(resized, from, crop, y * r * 3, r * 3);
        }
        return crop;
    }

    private float[] normalise(byte[] crop) {
        int plane = resolution * resolution;
        float[] values = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                float scaled = (crop[i * 3 + c] & 0xFF) / 255f;
                values[c * plane + i] = (scaled - mean[c]) / std[c];
            }
        }
        return values;
    }
}
