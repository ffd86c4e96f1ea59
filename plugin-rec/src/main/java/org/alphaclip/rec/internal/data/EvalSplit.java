package org.alphaclip.rec.internal.data;

import java.util.List;
import java.util.Objects;

/**
 * A named part of a dataset, e.g. {@code refcoco_val} or a synthetic world test folder.
 *
 * @param name the split's name, unique within one evaluation
 * @param format where it came from: {@code reclip} or {@code world}
 * @param images its images in file order
 */
public record EvalSplit(String name, String format, List<EvalImage> images) {

    /** Checks the parts and copies the list. */
    public EvalSplit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        images = List.copyOf(images);
    }

    /** The number of expressions. */
    public int expressionCount() {
        return images.stream().mapToInt(i -> i.expressions().size()).sum();
    }
}
