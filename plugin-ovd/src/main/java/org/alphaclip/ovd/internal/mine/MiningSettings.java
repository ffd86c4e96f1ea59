package org.alphaclip.ovd.internal.mine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.sdk.command.CommandArguments;

/**
 * The settings of one mining run.
 *
 * @param out the LVIS JSON to write; the state, summary and skipped-image files go beside it
 * @param topShare the share of each class's images to keep, best scores first, in (0, 1]
 * @param threads images mined at the same time
 * @param template the prompt template, with {@code {}} for the class name
 * @param model the model package's name
 * @param proposer the mask proposer's name, or empty for the best installed one with fallback to the next
 *        ({@link org.alphaclip.api.proposal.MaskProposers}' rule)
 * @param representation how masks are shown to the encoder
 * @param ranking which score chooses the best mask and ranks the images
 */
public record MiningSettings(Path out, double topShare, int threads, String template, String model, String proposer,
        Representation representation, Ranking ranking) {

    /** The paper kept 460k of ImageNet's 1.28M training images for MaskImageNet: about this share. */
    public static final double PAPER_TOP_SHARE = 0.36;

    /** The most images mined at the same time. */
    public static final int MAX_THREADS = 256;

    /** What the state and the LVIS file say for the proposer when none was named. */
    private static final String BEST_PROPOSER = "(the best installed, with fallback)";

    /** Checks the ranges. */
    public MiningSettings {
        checkTopShare(topShare);
        checkThreads(threads);
        out = out.toAbsolutePath().normalize();
    }

    /** Fails unless the top share is in (0, 1]. */
    public static double checkTopShare(double topShare) {
        return CommandArguments.between("--top-share", CommandArguments.positive("--top-share", topShare), 0, 1);
    }

    /** Fails unless the template has {@code {}} where the class name goes. */
    public static String checkTemplate(String template) {
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("--template needs {} where the class name goes, e.g. 'a {}', got '"
                    + template + "'");
        }
        return template;
    }

    /** Fails unless the thread count is 1..{@value #MAX_THREADS}. */
    public static int checkThreads(int threads) {
        return CommandArguments.between("--threads", threads, 1, MAX_THREADS);
    }

    /** The proposer as the state and the LVIS file name it. */
    String proposerName() {
        return proposer.isEmpty() ? BEST_PROPOSER : proposer;
    }

    /** The journal of finished images. */
    public Path state() {
        return sibling(out.getFileName() + ".state");
    }

    /** The per-class summary. */
    public Path summary() {
        return sibling(base() + ".summary.csv");
    }

    /** The list of images without a mask. */
    public Path skipped() {
        return sibling(base() + ".skipped.csv");
    }

    /** What a resumed run must share with the run that made the state. */
    Map<String, String> stateParameters(Dataset dataset) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dataset", dataset.fingerprint());
        p.put("images", Integer.toString(dataset.items().size()));
        p.put("classes", Integer.toString(dataset.classes().size()));
        p.put("model", model);
        p.put("proposer", proposerName());
        p.put("scoring", representation.optionName());
        p.put("rank", ranking.optionName());
        p.put("template", template);
        return p;
    }

    /** The top share as a percentage for people. */
    String topSharePercent() {
        return String.format(Locale.ROOT, "%.4g%%", topShare * 100);
    }

    private String base() {
        String name = out.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    private Path sibling(String name) {
        return out.resolveSibling(name);
    }
}
