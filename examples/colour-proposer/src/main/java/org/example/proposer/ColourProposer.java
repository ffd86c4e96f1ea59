package org.example.proposer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.osgi.service.component.annotations.Component;

/**
 * A mask proposer for pictures of objects on a plain background (product shots, diagrams, the synthetic
 * world): the background colour is the most common colour on the image border, and every 4-connected group
 * of pixels that differ from it by more than {@value #TOLERANCE} in some channel is one object. Box prompts
 * get the objects that overlap the box, point prompts the object under the point; without prompts the
 * objects are proposed largest first.
 */
@Component(service = MaskProposer.class, property = {MaskProposer.PROPERTY_NAME + "=" + ColourProposer.NAME,
        "service.ranking:Integer=50"})
public class ColourProposer implements MaskProposer {

    /** The proposer's name. */
    public static final String NAME = "colour";

    private static final int TOLERANCE = 24;
    private static final int DEFAULT_MAX = 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        int[] labels = new int[image.width() * image.height()];
        List<int[]> objects = label(image, labels);
        List<MaskProposal> proposals = new ArrayList<>();
        for (int i = 0; i < request.boxes().size(); i++) {
            Region.Box prompt = request.boxes().get(i);
            proposals.add(proposal(image, labels, objects, overlapping(objects, prompt), prompt, "box " + (i + 1)));
        }
        for (int i = 0; i < request.points().size(); i++) {
            Region.Point point = request.points().get(i);
            int x = (int) Math.floor(point.x());
            int y = (int) Math.floor(point.y());
            boolean inside = x >= 0 && y >= 0 && x < image.width() && y < image.height();
            int label = inside ? labels[y * image.width() + x] : 0;
            Region.Box pixel = new Region.Box(x, y, x + 1, y + 1);
            proposals.add(proposal(image, labels, objects, label == 0 ? List.of() : List.of(label), pixel, "point " + (i + 1)));
        }
        if (request.isAutomatic()) {
            List<Integer> bySize = new ArrayList<>();
            for (int label = 1; label <= objects.size(); label++) {
                bySize.add(label);
            }
            bySize.sort(Comparator.comparingInt((Integer label) -> objects.get(label - 1)[4]).reversed());
            int max = request.maxProposals() == 0 ? DEFAULT_MAX : request.maxProposals();
            for (int label : bySize.subList(0, Math.min(max, bySize.size()))) {
                proposals.add(proposal(image, labels, objects, List.of(label), null, "auto " + label));
            }
        }
        return proposals;
    }

    /** The objects whose bounding box overlaps the prompt box. */
    private static List<Integer> overlapping(List<int[]> objects, Region.Box prompt) {
        List<Integer> found = new ArrayList<>();
        for (int label = 1; label <= objects.size(); label++) {
            int[] o = objects.get(label - 1);
            if (new Region.Box(o[0], o[1], o[2], o[3]).intersectionArea(prompt) > 0) {
                found.add(label);
            }
        }
        return found;
    }

    /** One proposal: the union of the chosen objects, or an empty mask at the prompt when none. */
    private static MaskProposal proposal(RgbImage image, int[] labels, List<int[]> objects, List<Integer> chosen,
            Region.Box prompt, String what) {
        byte[] mask = new byte[labels.length];
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = 0;
        int y1 = 0;
        for (int label : chosen) {
            int[] o = objects.get(label - 1);
            x0 = Math.min(x0, o[0]);
            y0 = Math.min(y0, o[1]);
            x1 = Math.max(x1, o[2]);
            y1 = Math.max(y1, o[3]);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && chosen.contains(labels[i])) {
                mask[i] = (byte) 255;
            }
        }
        GrayImage gray = new GrayImage(image.width(), image.height(), mask);
        if (chosen.isEmpty()) {
            return new MaskProposal(gray, prompt, 0, NAME + ":" + what + " (nothing there)");
        }
        return new MaskProposal(gray, new Region.Box(x0, y0, x1, y1), 1, String.format(Locale.ROOT, "%s:%s", NAME, what));
    }

    /**
     * Labels the objects (1, 2, ...; 0 is background) and returns per object {@code [x0, y0, x1, y1, area]}
     * in pixel edges.
     */
    private static List<int[]> label(RgbImage image, int[] labels) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        int background = borderColour(image);
        List<int[]> objects = new ArrayList<>();
        int[] stack = new int[w * h];
        for (int start = 0; start < w * h; start++) {
            if (labels[start] != 0 || near(rgb, start, background)) {
                continue;
            }
            int label = objects.size() + 1;
            int[] box = {start % w, start / w, start % w + 1, start / w + 1, 0};
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            while (top > 0) {
                int p = stack[--top];
                int x = p % w;
                int y = p / w;
                box[0] = Math.min(box[0], x);
                box[1] = Math.min(box[1], y);
                box[2] = Math.max(box[2], x + 1);
                box[3] = Math.max(box[3], y + 1);
                box[4]++;
                int[] neighbours = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
                for (int q : neighbours) {
                    if (q >= 0 && labels[q] == 0 && !near(rgb, q, background)) {
                        labels[q] = label;
                        stack[top++] = q;
                    }
                }
            }
            objects.add(box);
        }
        return objects;
    }

    /** The most common colour of the border pixels, as 0xRRGGBB. */
    private static int borderColour(RgbImage image) {
        Map<Integer, Integer> counts = new HashMap<>();
        int w = image.width();
        int h = image.height();
        for (int x = 0; x < w; x++) {
            counts.merge(colour(image.rgb(), x), 1, Integer::sum);
            counts.merge(colour(image.rgb(), (h - 1) * w + x), 1, Integer::sum);
        }
        for (int y = 0; y < h; y++) {
            counts.merge(colour(image.rgb(), y * w), 1, Integer::sum);
            counts.merge(colour(image.rgb(), y * w + w - 1), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static int colour(byte[] rgb, int pixel) {
        return (rgb[pixel * 3] & 0xFF) << 16 | (rgb[pixel * 3 + 1] & 0xFF) << 8 | rgb[pixel * 3 + 2] & 0xFF;
    }

    private static boolean near(byte[] rgb, int pixel, int colour) {
        return Math.abs((rgb[pixel * 3] & 0xFF) - (colour >> 16 & 0xFF)) <= TOLERANCE
                && Math.abs((rgb[pixel * 3 + 1] & 0xFF) - (colour >> 8 & 0xFF)) <= TOLERANCE
                && Math.abs((rgb[pixel * 3 + 2] & 0xFF) - (colour & 0xFF)) <= TOLERANCE;
    }
}
