package org.alphaclip.core.internal.image;

/**
 * Where the model's square input comes from in an image: the shortest side is resized to the
 * resolution R (the long side to {@code int(R * long / short)}, truncated), then an R x R window is
 * cut from the center, its offsets rounded half to even like Python's {@code round}.
 *
 * @param width source image width
 * @param height source image height
 * @param resizedWidth width after the resize
 * @param resizedHeight height after the resize
 * @param cropLeft first resized column inside the crop
 * @param cropTop first resized row inside the crop
 * @param resolution the crop side R
 */
public record CropGeometry(int width, int height, int resizedWidth, int resizedHeight, int cropLeft, int cropTop,
        int resolution) {

    /** The geometry torchvision's {@code Resize(R)} followed by {@code CenterCrop(R)} gives a width x height image. */
    public static CropGeometry shortestSideCenterCrop(int width, int height, int resolution) {
        if (width < 1 || height < 1 || resolution < 1) {
            throw new IllegalArgumentException("Cannot fit " + width + "x" + height + " to " + resolution + "px");
        }
        int resizedWidth = resolution;
        int resizedHeight = resolution;
        if (width < height) {
            resizedHeight = scaleLongSide(resolution, height, width);
        } else if (height < width) {
            resizedWidth = scaleLongSide(resolution, width, height);
        }
        return new CropGeometry(width, height, resizedWidth, resizedHeight, centerOffset(resizedWidth, resolution),
                centerOffset(resizedHeight, resolution), resolution);
    }

    private static int scaleLongSide(int resolution, int longSide, int shortSide) {
        return (int) ((double) ((long) resolution * longSide) / shortSide);
    }

    private static int centerOffset(int size, int crop) {
        return (int) Math.rint((size - crop) / 2.0);
    }
}
