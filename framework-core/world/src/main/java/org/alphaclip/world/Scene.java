package org.alphaclip.world;

import java.util.List;
import java.util.Objects;

import org.alphaclip.api.image.RgbImage;

/**
 * One generated image with everything known about it.
 *
 * @param renderer the renderer that drew it (see {@link SceneGenerator#PROPERTY_RENDERER})
 * @param seed the seed it was generated from
 * @param image the picture
 * @param background the kind of background: {@code plain}, {@code gradient}, {@code noise} or {@code texture}
 * @param objects the objects from bottom to top (later objects may hide parts of earlier ones)
 * @param caption a whole-image caption naming every object, left to right
 * @param labels the distinct classification labels of the objects, e.g. {@code red circle}
 * @param expressions referring expressions with their target objects
 */
public record Scene(String renderer, long seed, RgbImage image, String background, List<SceneObject> objects,
        String caption, List<String> labels, List<ReferringExpression> expressions) {

    /** Checks the parts and copies the lists. */
    public Scene {
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(caption, "caption");
        objects = List.copyOf(objects);
        labels = List.copyOf(labels);
        expressions = List.copyOf(expressions);
        for (ReferringExpression e : expressions) {
            if (e.target() >= objects.size()) {
                throw new IllegalArgumentException("Expression '" + e.text() + "' targets object " + e.target()
                        + " of a scene with " + objects.size());
            }
        }
    }
}
