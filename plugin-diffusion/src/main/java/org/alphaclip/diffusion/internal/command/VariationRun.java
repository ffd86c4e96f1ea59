package org.alphaclip.diffusion.internal.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code diffusion:vary} or {@code diffusion:subject} wrote.
 *
 * @param model the package's name
 * @param noun what one image is called in the summary ({@code variation}, {@code image})
 * @param images the PNGs, in order
 * @param contactSheet the contact sheet, or null when the run was stopped before any variation was done
 * @param seconds the time taken
 * @param stopped whether the run was stopped (Ctrl-C) before all variations were done
 * @param warnings what the encoder adapted on the way (an empty mask, say)
 */
public record VariationRun(String model, String noun, List<Path> images, Path contactSheet, double seconds, boolean stopped,
        List<String> warnings) {

    /** Copies the lists. */
    public VariationRun {
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s: %d %s%s in %.1f s%s", model,
                images.size(), noun, images.size() == 1 ? "" : "s", seconds, stopped ? " (stopped; the finished ones are kept)" : ""));
        images.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p));
        if (contactSheet != null) {
            text.append(System.lineSeparator()).append("Contact sheet: ").append(contactSheet);
        }
        warnings.forEach(w -> text.append(System.lineSeparator()).append("warning: ").append(w));
        return text.toString();
    }
}
