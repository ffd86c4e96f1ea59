package org.alphaclip.proposals.internal.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.proposals.internal.mask.Prompts;

/**
 * The classical proposer: regions from {@link Segmenter}. Automatic proposals are the plausible,
 * non-background candidates, best score first, without near-duplicates (mask IoU above a limit). A box
 * prompt gives, among the segments lying (mostly) inside the box, the one whose own box best matches it
 * weighted by its object score, clipped to the box; a point prompt gives the best-scored object-like segment containing the point, else the smallest
 * segment containing it.
 *
 * <pre>{@code
 * MaskProposer p = new SegmentationProposer(Segmenter.Settings.DEFAULTS, 50, 0.85);
 * List<MaskProposal> masks = p.propose(image, ProposalRequest.automatic());
 * }</pre>
 */
public final class SegmentationProposer implements MaskProposer {

    /** The proposer's name. */
    public static final String NAME = "segmentation";

    private static final double INSIDE_FRACTION = 0.9;

    private final Segmenter segmenter;
    private final int defaultMax;
    private final double duplicateIou;

    /**
     * A proposer with these settings.
     *
     * @param defaultMax automatic proposals returned when the request sets no limit (0 = all)
     * @param duplicateIou a proposal overlapping a better one by more than this mask IoU is dropped
     */
    public SegmentationProposer(Segmenter.Settings settings, int defaultMax, double duplicateIou) {
        this.segmenter = new Segmenter(settings);
        this.defaultMax = defaultMax;
        this.duplicateIou = duplicateIou;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        Prompts.check(image, request);
        Segmenter.Result result = segmenter.segment(image);
        if (request.isAutomatic()) {
            return automatic(result, Prompts.limit(request, defaultMax));
        }
        List<MaskProposal> out = new ArrayList<>();
        for (int i = 0; i < request.boxes().size(); i++) {
            out.add(forBox(result, request.boxes().get(i), i + 1));
        }
        for (int i = 0; i < request.points().size(); i++) {
            out.add(forPoint(result, request.points().get(i), i + 1));
        }
        return out;
    }

    private List<MaskProposal> automatic(Segmenter.Result result, int limit) {
        List<Segmenter.Candidate> kept = new ArrayList<>();
        for (Segmenter.Candidate c : result.regions()) {
            if (kept.size() == limit) {
                break;
            }
            if (!c.plausible() || c.backgroundLike()) {
                continue;
            }
            boolean duplicate = false;
            for (Segmenter.Candidate k : kept) {
                if (c.edges().intersectionArea(k.edges()) > 0 && c.iou(k) > duplicateIou) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(c);
            }
        }
        List<MaskProposal> out = new ArrayList<>();
        for (Segmenter.Candidate c : kept) {
            BinaryMask mask = result.toOriginal(c);
            Region.Box box = mask.box();
            if (box != null) {
                out.add(new MaskProposal(mask.toGray(), box, c.score(), "segmentation:auto " + c.origin()));
            }
        }
        return out;
    }

    private MaskProposal forBox(Segmenter.Result result, Region.Box box, int number) {
        int[] pixels = Prompts.pixelBounds(box, result.imageWidth(), result.imageHeight());
        int bx0 = result.workingX(pixels[0]);
        int by0 = result.workingY(pixels[1]);
        int bx1 = result.workingX(pixels[2]);
        int by1 = result.workingY(pixels[3]);
        Region.Box working = new Region.Box(bx0, by0, bx1 + 1, by1 + 1);
        Segmenter.Candidate best = null;
        double bestMatch = 0;
        for (Segmenter.Candidate c : result.regions()) {
            int inside = c.areaWithin(bx0, by0, bx1, by1);
            if (inside < INSIDE_FRACTION * c.area() || inside == 0) {
                continue;
            }
            double match = c.edges().iou(working) * c.score();
            if (best == null || match > bestMatch || (match == bestMatch && c.area() > best.area())) {
                best = c;
                bestMatch = match;
            }
        }
        BinaryMask mask = best == null ? null : clip(result.toOriginal(best), pixels);
        Region.Box maskBox = mask == null ? null : mask.box();
        if (maskBox == null) {
            boolean[] filled = new boolean[result.imageWidth() * result.imageHeight()];
            for (int y = pixels[1]; y <= pixels[3]; y++) {
                for (int x = pixels[0]; x <= pixels[2]; x++) {
                    filled[y * result.imageWidth() + x] = true;
                }
            }
            BinaryMask whole = new BinaryMask(result.imageWidth(), result.imageHeight(), filled);
            return new MaskProposal(whole.toGray(), whole.box(), 0.0, "segmentation:box " + number
                    + " (no segment inside the box; the box itself)");
        }
        return new MaskProposal(mask.toGray(), maskBox, best.score(), String.format(Locale.ROOT,
                "segmentation:box %d %s match %.2f", number, best.origin(), bestMatch));
    }

    private MaskProposal forPoint(Segmenter.Result result, Region.Point point, int number) {
        int x = result.workingX(point.x());
        int y = result.workingY(point.y());
        Segmenter.Candidate best = null;
        Segmenter.Candidate smallest = null;
        for (Segmenter.Candidate c : result.regions()) {
            if (!c.contains(x, y)) {
                continue;
            }
            if (best == null && c.plausible() && !c.backgroundLike()) {
                best = c;
            }
            if (smallest == null || c.area() < smallest.area()) {
                smallest = c;
            }
        }
        Segmenter.Candidate chosen = best != null ? best : smallest;
        BinaryMask mask = result.toOriginal(chosen);
        Region.Box box = mask.box();
        if (box == null) {
            int px = (int) point.x();
            int py = (int) point.y();
            box = new Region.Box(px, py, px + 1.0, py + 1.0);
        }
        return new MaskProposal(mask.toGray(), box, chosen.score(), "segmentation:point " + number + " " + chosen.origin()
                + (best == null ? " (background-like)" : ""));
    }

    private static BinaryMask clip(BinaryMask mask, int[] bounds) {
        boolean[] pixels = mask.pixels().clone();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (x < bounds[0] || x > bounds[2] || y < bounds[1] || y > bounds[3]) {
                    pixels[y * mask.width() + x] = false;
                }
            }
        }
        return new BinaryMask(mask.width(), mask.height(), pixels);
    }
}
