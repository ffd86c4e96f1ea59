package org.alphaclip.ovd.internal.mine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.ovd.internal.mine.MinedImage.Status;

/**
 * Mines one image: reads it, asks the proposer for automatic masks, scores every non-empty mask against the
 * image's class and keeps the best by the {@link Ranking}. An unreadable image, a failing proposer or an image
 * without usable masks becomes a record saying so; only an encoder failure is thrown. Thread safe when its parts
 * are; {@link MiningJob} runs it on a thread pool, the Spark job inside executors.
 */
public final class ImageMiner {

    private final Path root;
    private final String proposer;
    private final Ranking ranking;
    private final MaskProposers proposers;
    private final MaskScorer scorer;
    private final ImageReader images;

    /**
     * A miner of the images under {@code root}.
     *
     * @param proposer the proposer to ask, or empty for the best installed one with fallback
     */
    public ImageMiner(Path root, String proposer, Ranking ranking, MaskProposers proposers, MaskScorer scorer,
            ImageReader images) {
        this.root = root;
        this.proposer = proposer;
        this.ranking = ranking;
        this.proposers = proposers;
        this.scorer = scorer;
        this.images = images;
    }

    /**
     * The image's best mask, or why it has none.
     *
     * @param notes receives the proposers' fallback notes, each prefixed with the image's file
     */
    public MinedImage mine(Dataset.Item item, Consumer<String> notes) throws EncoderException {
        RgbImage image;
        try {
            image = images.readImage(root.resolve(item.file()));
        } catch (InvalidImageException e) {
            return MinedImage.without(item, Status.UNREADABLE, e.getMessage(), 0, 0, 0);
        }
        ProposalResult result;
        try {
            result = proposers.propose(proposer, image, ProposalRequest.automatic());
        } catch (ProposalException e) {
            String reason = proposer.isEmpty() ? e.getMessage() : "proposer " + proposer + ": " + e.getMessage();
            return MinedImage.without(item, Status.FAILED, reason, image.width(), image.height(), 0);
        }
        result.notes().forEach(note -> notes.accept(item.file() + ": " + note));
        List<MaskProposal> proposals = result.proposals();
        List<Candidate> candidates = new ArrayList<>();
        for (MaskProposal p : proposals) {
            Candidate c = Candidate.of(p);
            if (c.rle().area() > 0) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            String reason = "proposer " + result.proposer() + (proposals.isEmpty() ? " found no masks"
                    : " returned " + proposals.size() + " masks, all empty");
            return MinedImage.without(item, Status.NO_MASKS, reason, image.width(), image.height(), proposals.size());
        }
        List<MaskScorer.Score> scores = scorer.score(image, candidates, item.classIndex());
        int best = 0;
        for (int i = 1; i < candidates.size(); i++) {
            if (better(scores.get(i), candidates.get(i), scores.get(best), candidates.get(best))) {
                best = i;
            }
        }
        Candidate c = candidates.get(best);
        MaskScorer.Score s = scores.get(best);
        return new MinedImage(item.id(), item.file(), item.classIndex(), Status.OK, "", image.width(), image.height(),
                proposals.size(), s.probability(), s.cosine(), c.bbox(), c.rle().area(), c.rle().compressed(),
                c.proposal().source());
    }

    /** The ranking's primary score first, then its secondary, then the proposer's; the earlier candidate wins ties. */
    private boolean better(MaskScorer.Score a, Candidate ca, MaskScorer.Score b, Candidate cb) {
        double pa = ranking.primary(a.probability(), a.cosine());
        double pb = ranking.primary(b.probability(), b.cosine());
        if (pa != pb) {
            return pa > pb;
        }
        double sa = ranking.secondary(a.probability(), a.cosine());
        double sb = ranking.secondary(b.probability(), b.cosine());
        if (sa != sb) {
            return sa > sb;
        }
        return ca.proposal().score() > cb.proposal().score();
    }
}
