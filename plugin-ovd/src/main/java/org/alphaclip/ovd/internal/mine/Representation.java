package org.alphaclip.ovd.internal.mine;

import java.util.Arrays;
import java.util.Locale;

import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;

/**
 * How a candidate mask is shown to the encoder when it is scored. {@link #ALPHA} is Alpha-CLIP's own way;
 * the others are the baselines of the quality table (see docs/ovd.md).
 */
public enum Representation {
    /** The image unchanged, the mask as the alpha channel. */
    ALPHA("alpha"),
    /** Outside the mask the image is filled with the model's mean colour; the mask as the alpha channel. */
    ALPHA_FILL("alpha-fill"),
    /** The image unchanged, alpha all ones: no region information, every mask of an image scores the same. */
    ONES("ones"),
    /** Outside the mask the image is filled with the mean colour, alpha all ones (CLIP on a masked image). */
    ONES_FILL("ones-fill"),
    /** A square crop centred on the mask's box, padded with the mean colour, alpha all ones (CLIP on a crop). */
    CROP("crop");

    /** Foreground where a proposal mask value is at least this. */
    public static final int THRESHOLD = Region.DEFAULT_THRESHOLD;

    private final String optionName;

    Representation(String optionName) {
        this.optionName = optionName;
    }

    /** The name used on the command line, e.g. {@code alpha-fill}. */
    public String optionName() {
        return optionName;
    }

    /** Whether every mask of an image gets the same input (so one encoding serves them all). */
    public boolean ignoresMask() {
        return this == ONES;
    }

    /** The representation named on the command line. */
    public static Representation parse(String name) {
        for (Representation r : values()) {
            if (r.optionName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown --scoring '" + name + "', expected one of "
                + Arrays.stream(values()).map(Representation::optionName).toList());
    }

    /**
     * The encoder input for one mask.
     *
     * @param image the picture
     * @param mask the mask at the picture's size
     * @param bbox the mask's box {@code [x, y, width, height]}
     * @param fill the RGB fill colour for pixels the representation hides
     */
    public RegionImage input(RgbImage image, GrayImage mask, int[] bbox, byte[] fill) {
        return switch (this) {
            case ALPHA -> new RegionImage(image, new Region.Mask(mask, THRESHOLD));
            case ALPHA_FILL -> new RegionImage(filled(image, mask, fill), new Region.Mask(mask, THRESHOLD));
            case ONES -> RegionImage.whole(image);
            case ONES_FILL -> RegionImage.whole(filled(image, mask, fill));
            case CROP -> RegionImage.whole(squareCrop(image, bbox, fill));
        };
    }

    private static RgbImage filled(RgbImage image, GrayImage mask, byte[] fill) {
        byte[] rgb = image.rgb().clone();
        byte[] values = mask.values();
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & 0xFF) < THRESHOLD) {
                rgb[3 * i] = fill[0];
                rgb[3 * i + 1] = fill[1];
                rgb[3 * i + 2] = fill[2];
            }
        }
        return new RgbImage(image.width(), image.height(), rgb, null);
    }

    private static RgbImage squareCrop(RgbImage image, int[] bbox, byte[] fill) {
        int side = Math.max(1, Math.max(bbox[2], bbox[3]));
        int left = bbox[0] + Math.floorDiv(bbox[2] - side, 2);
        int top = bbox[1] + Math.floorDiv(bbox[3] - side, 2);
        byte[] source = image.rgb();
        byte[] rgb = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            int sy = top + y;
            for (int x = 0; x < side; x++) {
                int sx = left + x;
                int to = 3 * (y * side + x);
                if (sx >= 0 && sy >= 0 && sx < image.width() && sy < image.height()) {
                    System.arraycopy(source, 3 * (sy * image.width() + sx), rgb, to, 3);
                } else {
                    System.arraycopy(fill, 0, rgb, to, 3);
                }
            }
        }
        return new RgbImage(side, side, rgb, null);
    }
}
