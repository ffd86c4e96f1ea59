package org.alphaclip.pointe.internal.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code pointe:generate} wrote.
 *
 * @param model the package's name
 * @param points the points of the cloud
 * @param ply the PLY file, or null when the run was stopped (nothing is written then)
 * @param renders the rendered views
 * @param sheet the sheet of the source with its region beside the views, or null when stopped
 * @param seconds the sampling time
 * @param warnings what the encoder adapted on the way (an empty mask, say)
 */
public record PointCloudRun(String model, int points, Path ply, List<Path> renders, Path sheet, double seconds,
        List<String> warnings) {

    /** Copies the lists. */
    public PointCloudRun {
        renders = List.copyOf(renders);
        warnings = List.copyOf(warnings);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (ply == null) {
            text.append(model).append(": stopped; nothing written");
        } else {
            text.append(String.format(Locale.ROOT, "%s: %d points in %.1f s", model, points, seconds));
            text.append(System.lineSeparator()).append("  ").append(ply);
            renders.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p));
            text.append(System.lineSeparator()).append("Sheet: ").append(sheet);
        }
        warnings.forEach(w -> text.append(System.lineSeparator()).append("warning: ").append(w));
        return text.toString();
    }
}
