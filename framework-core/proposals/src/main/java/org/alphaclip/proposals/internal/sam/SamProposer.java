package org.alphaclip.proposals.internal.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.proposals.internal.mask.Prompts;
import org.alphaclip.sdk.io.FileDigests;

/**
 * Mask proposals from SAM: a box prompt gives the decoder's single-mask output (what
 * {@code SamPredictor.predict(box=..., multimask_output=False)} returns, as Alpha-CLIP's REC evaluation
 * uses it); a point prompt gives the best of the three multimask outputs by predicted IoU (the ONNX
 * single-mask rule for one click); without prompts the automatic mask generator runs. Scores are the
 * predicted IoUs clipped to [0, 1]. Prompt coordinates are passed to SAM as given (pixels of the
 * original image). The graphs are loaded on first use; the last two image embeddings are cached, so
 * prompts for one image cost one encoder run.
 *
 * <pre>{@code
 * try (SamProposer sam = new SamProposer(SamPackage.read(dir), sessions, AmgSettings.DEFAULTS, 100, reason -> {})) {
 *     List<MaskProposal> masks = sam.propose(image, ProposalRequest.forBoxes(List.of(new Region.Box(10, 10, 90, 80))));
 * }
 * }</pre>
 */
public final class SamProposer implements MaskProposer, AutoCloseable {

    /** The proposer's name. */
    public static final String NAME = "sam";

    private static final int CACHED_EMBEDDINGS = 2;

    private final SamPackage samPackage;
    private final InferenceSessions sessions;
    private final AmgSettings settings;
    private final int defaultMax;
    private final Consumer<String> onBroken;
    private final Map<String, SamModel.Embedding> embeddings = new LinkedHashMap<>(4, 0.75f, true);
    private SamModel model;
    private String broken;
    private boolean closed;

    /**
     * A proposer over a package; nothing is loaded yet.
     *
     * @param defaultMax automatic proposals returned when the request sets no limit (0 = all)
     * @param onBroken told the reason, once, when the package's graphs turn out unusable on first use
     */
    public SamProposer(SamPackage samPackage, InferenceSessions sessions, AmgSettings settings, int defaultMax,
            Consumer<String> onBroken) {
        this.samPackage = samPackage;
        this.sessions = sessions;
        this.settings = settings;
        this.defaultMax = defaultMax;
        this.onBroken = onBroken;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        Prompts.check(image, request);
        SamModel sam = model();
        try {
            if (request.isAutomatic()) {
                return automatic(sam, image, Prompts.limit(request, defaultMax));
            }
            SamModel.Embedding embedding = embedding(sam, image);
            List<MaskProposal> out = new ArrayList<>();
            List<Region.Box> boxes = request.boxes();
            for (int i = 0; i < boxes.size(); i++) {
                Region.Box b = boxes.get(i);
                SamModel.Masks masks = sam.decode(embedding, SamPrompt.box(b.x0(), b.y0(), b.x1(), b.y1()), false);
                out.add(proposal(masks, 0, b, "sam:box " + (i + 1)));
            }
            List<Region.Point> points = request.points();
            for (int i = 0; i < points.size(); i++) {
                Region.Point p = points.get(i);
                SamModel.Masks masks = sam.decode(embedding, SamPrompt.point(p.x(), p.y()), false);
                int best = bestMultimask(masks.iou());
                Region.Box around = new Region.Box(Math.floor(p.x()), Math.floor(p.y()), Math.floor(p.x()) + 1, Math.floor(p.y()) + 1);
                out.add(proposal(masks, best, around, "sam:point " + (i + 1)));
            }
            return out;
        } catch (SessionException e) {
            throw new ProposalException("SAM could not process the " + image.width() + "x" + image.height() + " image: "
                    + e.getMessage(), e);
        }
    }

    private List<MaskProposal> automatic(SamModel sam, RgbImage image, int limit) throws SessionException {
        List<MaskProposal> out = new ArrayList<>();
        for (AutomaticMasks.Generated g : new AutomaticMasks(sam, settings, crop -> embedding(sam, crop)).generate(image).masks()) {
            if (out.size() == limit) {
                break;
            }
            Region.Box box = g.mask().box();
            out.add(new MaskProposal(g.mask().toGray(), box, clip(g.predictedIou()), String.format(Locale.ROOT,
                    "sam:auto point (%.1f, %.1f) iou %.3f stability %.3f", g.x(), g.y(), g.predictedIou(), g.stability())));
        }
        return out;
    }

    /** Index 1..3 of the highest predicted IoU among the multimask outputs (the first on ties). */
    static int bestMultimask(float[] iou) {
        int best = 1;
        for (int i = 2; i < iou.length; i++) {
            if (iou[i] > iou[best]) {
                best = i;
            }
        }
        return best;
    }

    private MaskProposal proposal(SamModel.Masks masks, int index, Region.Box prompt, String source) {
        float[] logits = masks.logits();
        int plane = masks.height() * masks.width();
        boolean[] pixels = new boolean[plane];
        float threshold = samPackage.maskThreshold();
        for (int i = 0; i < plane; i++) {
            pixels[i] = logits[index * plane + i] > threshold;
        }
        BinaryMask mask = new BinaryMask(masks.width(), masks.height(), pixels);
        Region.Box box = mask.box();
        float iou = masks.iou()[index];
        String text = String.format(Locale.ROOT, "%s iou %.3f", source, iou);
        return box == null ? new MaskProposal(mask.toGray(), prompt, 0.0, text + " (empty mask)")
                : new MaskProposal(mask.toGray(), box, clip(iou), text);
    }

    private static double clip(float iou) {
        return Float.isNaN(iou) ? 0.0 : Math.max(0.0, Math.min(1.0, iou));
    }

    private SamModel model() throws ProposalException {
        InvalidModelException failure;
        synchronized (this) {
            if (closed) {
                throw new ProposalException("The SAM proposer has been stopped");
            }
            if (broken != null) {
                throw new ProposalException(broken);
            }
            if (model != null) {
                return model;
            }
            try {
                model = SamModel.open(samPackage, sessions);
                return model;
            } catch (InvalidModelException e) {
                broken = e.getMessage();
                failure = e;
            }
        }
        onBroken.accept(failure.getMessage());
        throw new ProposalException(failure.getMessage(), failure);
    }

    private SamModel.Embedding embedding(SamModel sam, RgbImage image) throws SessionException {
        String key = key(image);
        synchronized (embeddings) {
            SamModel.Embedding cached = embeddings.get(key);
            if (cached != null) {
                return cached;
            }
        }
        SamModel.Embedding computed = sam.embed(image);
        synchronized (embeddings) {
            embeddings.put(key, computed);
            while (embeddings.size() > CACHED_EMBEDDINGS) {
                embeddings.remove(embeddings.keySet().iterator().next());
            }
        }
        return computed;
    }

    private static String key(RgbImage image) {
        return image.width() + "x" + image.height() + ":" + FileDigests.sha256(image.rgb());
    }

    /** Releases the graphs and the cached embeddings. */
    @Override
    public synchronized void close() {
        closed = true;
        synchronized (embeddings) {
            embeddings.clear();
        }
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
