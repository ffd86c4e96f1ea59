package org.alphaclip.api.model;

/**
 * Image and alpha preparation published with a model package.
 *
 * @param resolution the square input side R
 * @param resize {@code shortest-side}: the shortest side becomes R, the other keeps the aspect ratio
 * @param interpolation {@code bicubic} (Pillow's antialiased bicubic)
 * @param crop {@code center}
 * @param mean per-channel mean subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation divided by
 * @param alphaMean mean subtracted from the [0, 1] alpha map
 * @param alphaStd standard deviation the alpha map is divided by
 */
public record Preprocessing(int resolution, String resize, String interpolation, String crop, float[] mean,
        float[] std, float alphaMean, float alphaStd) {

    /** Checks and copies the per-channel arrays. */
    public Preprocessing {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Preprocessing p && resolution == p.resolution && resize.equals(p.resize)
                && interpolation.equals(p.interpolation) && crop.equals(p.crop)
                && java.util.Arrays.equals(mean, p.mean) && java.util.Arrays.equals(std, p.std)
                && alphaMean == p.alphaMean && alphaStd == p.alphaStd;
    }

    @Override
    public int hashCode() {
        return resolution * 31 + java.util.Arrays.hashCode(mean) * 7 + java.util.Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Preprocessing[" + resolution + "px, " + resize + ", " + interpolation + ", " + crop + " crop, mean="
                + java.util.Arrays.toString(mean) + ", std=" + java.util.Arrays.toString(std) + ", alpha=("
                + alphaMean + ", " + alphaStd + ")]";
    }
}
