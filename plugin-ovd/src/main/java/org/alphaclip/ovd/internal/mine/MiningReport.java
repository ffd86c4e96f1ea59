package org.alphaclip.ovd.internal.mine;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a mining run did, printed by the shell.
 *
 * @param settings the run's settings (output paths among them)
 * @param images images in the dataset
 * @param classes classes in the dataset
 * @param withMask images that got a best mask
 * @param kept images kept in the LVIS file
 * @param minedNow images this run mined (the rest were done by earlier runs)
 * @param seconds how long this run mined
 * @param outputsChanged whether a file was written (false when all were already there, the same)
 * @param replaced outputs that replaced what the same state wrote before
 * @param skipped the images without a mask: unreadable, without usable masks, or failed
 * @param warnings what the user should know although the run succeeded: class names cut to the model's context,
 *        images whose proposer failed so that the next one answered, a state record dropped because a kill cut it short
 */
public record MiningReport(MiningSettings settings, int images, int classes, int withMask, int kept, int minedNow,
        double seconds, boolean outputsChanged, List<Path> replaced, List<MinedImage> skipped, List<String> warnings) {

    private static final int LISTED = 10;

    /** Copies the lists. */
    public MiningReport {
        replaced = List.copyOf(replaced);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }


    /** The count of skipped images with a status. */
    public long count(MinedImage.Status status) {
        return skipped.stream().filter(s -> s.status() == status).count();
    }

    @Override
    public String toString() {
        String n = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "ovd:mine: %d images in %d classes: %d with a mask, %d unreadable, %d"
                + " without usable masks, %d failed%s", images, classes, withMask, count(MinedImage.Status.UNREADABLE),
                count(MinedImage.Status.NO_MASKS), count(MinedImage.Status.FAILED),
                count(MinedImage.Status.FAILED) > 0 ? " (the next run retries them)" : "")).append(n);
        text.append(String.format(Locale.ROOT, "kept %d images (the top %s of each class) in %s", kept,
                settings.topSharePercent(), settings.out())).append(outputsChanged ? "" : " (already up to date)").append(n);
        for (Path p : replaced) {
            text.append("replaced ").append(p).append(": it was written earlier from the same state").append(n);
        }
        text.append("summary ").append(settings.summary()).append(", skipped images ").append(settings.skipped()).append(n);
        text.append(minedNow == 0 ? "nothing left to mine; state " + settings.state()
                : String.format(Locale.ROOT, "this run mined %d images in %.1f s (%.2f images/s); state %s", minedNow,
                        seconds, minedNow / Math.max(seconds, 1e-9), settings.state()));
        for (MinedImage s : skipped.subList(0, Math.min(LISTED, skipped.size()))) {
            text.append(n).append("  skipped ").append(s.file()).append(": ").append(s.status().word()).append(" - ")
                    .append(s.reason());
        }
        if (skipped.size() > LISTED) {
            text.append(n).append("  ... and ").append(skipped.size() - LISTED).append(" more in ").append(settings.skipped());
        }
        for (String w : warnings.subList(0, Math.min(LISTED, warnings.size()))) {
            text.append(n).append("warning: ").append(w);
        }
        if (warnings.size() > LISTED) {
            text.append(n).append("warning: ... and ").append(warnings.size() - LISTED).append(" more");
        }
        return text.toString();
    }

    /** The LVIS file. */
    public Path out() {
        return settings.out();
    }
}
