package org.alphaclip.core.internal.image;

import java.util.Objects;

import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.sdk.image.ForegroundMap;
import org.alphaclip.sdk.image.RegionRasterizer;

/**
 * Turns a binary foreground map into the model's alpha input {@code [R * R]}: the map as 0/1 floats,
 * resized like torchvision's {@code Resize} on a tensor (plain bilinear, see
 * {@link TensorBilinearResize}), then {@code (v - alphaMean) / alphaStd} in float32.
 * {@link AlphaGeometry#ALIGNED} resizes the map to the image's resized size and takes the image's
 * center crop, so alpha and pixels line up; {@link AlphaGeometry#OFFICIAL_SQUASH} squashes the map
 * to R x R as the official README transform does.
 */
public final class AlphaMapper {

    private final int resolution;
    private final float alphaMean;
    private final float alphaStd;

    /** Creates a mapper; fails with a clear message on preprocessing it does not implement. */
    public AlphaMapper(Preprocessing preprocessing) {
        ImagePreprocessor.requireSupported(preprocessing);
        if (!(preprocessing.alphaStd() > 0) || !Float.isFinite(preprocessing.alphaStd())
                || !Float.isFinite(preprocessing.alphaMean())) {
            throw new IllegalArgumentException("Unsupported preprocessing: alpha mean " + preprocessing.alphaMean()
                    + " and std " + preprocessing.alphaStd() + " (std must be positive)");
        }
        this.resolution = preprocessing.resolution();
        this.alphaMean = preprocessing.alphaMean();
        this.alphaStd = preprocessing.alphaStd();
    }

    /**
     * The normalised alpha, R x R row-major.
     *
     * @param map the region; any size (a mask keeps its own size, see
     *        {@link RegionRasterizer#rasterizeAtSourceSize})
     * @param geometry how the map is fitted to the model input
     * @param image the image's crop geometry, used by {@link AlphaGeometry#ALIGNED}
     */
    public float[] alpha(ForegroundMap map, AlphaGeometry geometry, CropGeometry image) {
        Objects.requireNonNull(geometry, "geometry");
        if (image.resolution() != resolution) {
            throw new IllegalArgumentException("Crop geometry for " + image.resolution() + "px, model input is "
                    + resolution + "px");
        }
        float[] binary = new float[map.foreground().length];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = map.foreground()[i] ? 1f : 0f;
        }
        float[] resized = geometry == AlphaGeometry.OFFICIAL_SQUASH
                ? TensorBilinearResize.resizeWindow(binary, map.width(), map.height(), resolution, resolution, 0, 0,
                        resolution, resolution)
                : TensorBilinearResize.resizeWindow(binary, map.width(), map.height(), image.resizedWidth(),
                        image.resizedHeight(), image.cropLeft(), image.cropTop(), resolution, resolution);
        for (int i = 0; i < resized.length; i++) {
            resized[i] = (resized[i] - alphaMean) / alphaStd;
        }
        return resized;
    }
}
