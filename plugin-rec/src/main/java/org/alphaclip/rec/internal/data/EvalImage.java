package org.alphaclip.rec.internal.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.alphaclip.api.region.Region;

/**
 * One image of an evaluation: where its proposals come from and the expressions asked about it.
 *
 * @param key unique within its split, e.g. {@code test-000017}
 * @param image the image file
 * @param boxes the proposal boxes (detections, or the objects' boxes); empty: the whole image is the only
 *        proposal (ReCLIP's rule for an image without detections)
 * @param trueMasks the objects' true mask files, one per box (synthetic world only; else empty)
 * @param expressions the expressions about this image
 * @param notes what the reader adapted, e.g. an image without detections
 */
public record EvalImage(String key, Path image, List<Region.Box> boxes, List<Path> trueMasks,
        List<EvalExpression> expressions, List<String> notes) {

    /** Checks the parts and copies the lists. */
    public EvalImage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(image, "image");
        boxes = List.copyOf(boxes);
        trueMasks = List.copyOf(trueMasks);
        expressions = List.copyOf(expressions);
        notes = List.copyOf(notes);
        if (!trueMasks.isEmpty() && trueMasks.size() != boxes.size()) {
            throw new IllegalArgumentException(key + ": " + trueMasks.size() + " masks for " + boxes.size() + " boxes");
        }
    }
}
