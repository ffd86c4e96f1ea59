package org.alphaclip.world.internal.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.world.PixelBox;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.internal.render.Java2dImages;

/**
 * Ways to tell a model which object of a scene to classify, as in the paper's Tables 2 and 3: the
 * region as the alpha channel (mask or box), or the image changed for a plain CLIP (whole image,
 * crop, grey background, an outline ellipse drawn around the object).
 */
public enum RegionMethod {
    /** (a) The object's mask as alpha. */
    MASK("(a) mask as alpha", "mask", true),
    /** (b) The object's box as alpha. */
    BOX("(b) box as alpha", "box", true),
    /** (c) The whole image, alpha all ones. */
    WHOLE("(c) whole image", "all ones", false),
    /** (d) The square around the box, cut out and classified alone. */
    CROP("(d) crop to box", "all ones", false),
    /** (e) Everything outside the mask set to grey. */
    GREY("(e) background grey", "all ones", false),
    /** (f) A thin white ellipse drawn around the object (the paper's "red circle" in a non-label colour). */
    ELLIPSE("(f) white ellipse drawn", "all ones", false);

    /** The grey of {@link #GREY}. */
    private static final int GREY_VALUE = 128;

    private final String title;
    private final String alpha;
    private final boolean usesAlpha;

    RegionMethod(String title, String alpha, boolean usesAlpha) {
        this.title = title;
        this.alpha = alpha;
        this.usesAlpha = usesAlpha;
    }

    /** The row title, e.g. {@code (a) mask as alpha}. */
    public String title() {
        return title;
    }

    /** What the alpha channel holds: mask, box or all ones. */
    public String alpha() {
        return alpha;
    }

    /** Whether the method needs a model that reads alpha (a plain CLIP ignores it). */
    public boolean usesAlpha() {
        return usesAlpha;
    }

    /** The encoder input for one object of a scene. */
    public RegionImage input(Scene scene, SceneObject object) {
        RgbImage image = scene.image();
        PixelBox b = object.box();
        return switch (this) {
            case MASK -> new RegionImage(image, new Region.Mask(object.mask()));
            case BOX -> new RegionImage(image, new Region.Box(b.x0(), b.y0(), b.x1(), b.y1()));
            case WHOLE -> RegionImage.whole(image);
            case CROP -> RegionImage.whole(crop(image, b));
            case GREY -> RegionImage.whole(grey(image, object));
            case ELLIPSE -> RegionImage.whole(ellipse(image, b));
        };
    }

    /** The square around the box (side = the box's longer side), moved inside the image where it can be. */
    static RgbImage crop(RgbImage image, PixelBox b) {
        int side = Math.min(Math.max(b.width(), b.height()), Math.min(image.width(), image.height()));
        int x0 = clamp((int) Math.round(b.centerX() - side / 2.0), 0, image.width() - side);
        int y0 = clamp((int) Math.round(b.centerY() - side / 2.0), 0, image.height() - side);
        byte[] rgb = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            System.arraycopy(image.rgb(), ((y0 + y) * image.width() + x0) * 3, rgb, y * side * 3, side * 3);
        }
        return new RgbImage(side, side, rgb, null);
    }

    private static RgbImage grey(RgbImage image, SceneObject object) {
        byte[] rgb = image.rgb().clone();
        byte[] mask = object.mask().values();
        for (int i = 0; i < mask.length; i++) {
            if ((mask[i] & 0xFF) < Region.DEFAULT_THRESHOLD) {
                rgb[3 * i] = (byte) GREY_VALUE;
                rgb[3 * i + 1] = (byte) GREY_VALUE;
                rgb[3 * i + 2] = (byte) GREY_VALUE;
            }
        }
        return new RgbImage(image.width(), image.height(), rgb, null);
    }

    /** An ellipse through the box corners' surroundings (semi-axes sqrt(2) times the half sides), 1/128 of the side wide. */
    private static RgbImage ellipse(RgbImage image, PixelBox b) {
        BufferedImage picture = Java2dImages.toBuffered(image);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1f, Math.min(image.width(), image.height()) / 128f)));
        double rx = b.width() / 2.0 * Math.sqrt(2) + 1;
        double ry = b.height() / 2.0 * Math.sqrt(2) + 1;
        g.draw(new Ellipse2D.Double(b.centerX() - rx, b.centerY() - ry, 2 * rx, 2 * ry));
        g.dispose();
        return Java2dImages.fromBuffered(picture);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
