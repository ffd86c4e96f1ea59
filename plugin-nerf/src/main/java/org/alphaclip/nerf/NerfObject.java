package org.alphaclip.nerf;

import java.nio.file.Path;
import java.util.List;

/**
 * A created object and its files.
 *
 * @param folder the object's folder
 * @param prompt the text it was optimised for
 * @param steps optimisation steps done
 * @param resumedFrom the step the run resumed from (0 for a fresh run)
 * @param similarity the mean cosine similarity of the last step's views to the prompt
 * @param seconds seconds this run took
 * @param files the files written (views, GIF, meshes, summary, checkpoint)
 */
public record NerfObject(Path folder, String prompt, int steps, int resumedFrom, double similarity, double seconds,
        List<Path> files) {

    /** Copies the list. */
    public NerfObject {
        files = List.copyOf(files);
    }
}
