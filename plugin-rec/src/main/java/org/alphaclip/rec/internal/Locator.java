package org.alphaclip.rec.internal;

import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.ParsedExpression;
import org.alphaclip.rec.internal.proposal.Proposal;
import org.alphaclip.rec.internal.proposal.ProposalSet;
import org.alphaclip.rec.internal.score.AlphaMode;
import org.alphaclip.rec.internal.score.ExpressionResolver;
import org.alphaclip.rec.internal.score.ImageScores;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.rec.internal.score.TextScores;

/**
 * Finds the object an expression refers to in one image: parses the expression, makes the proposals
 * (masks for the given boxes, or the proposer's automatic proposals), scores them and resolves relations.
 * Given boxes need no masks when the alpha channel does not show them (alpha {@code box} or {@code whole}).
 */
public final class Locator {

    private final MaskProposers proposers;
    private final ExpressionParser parser;

    /** A locator over the platform's mask proposers and the parser. */
    public Locator(MaskProposers proposers, ExpressionParser parser) {
        this.proposers = proposers;
        this.parser = parser;
    }

    /**
     * The answer of one query.
     *
     * @param index the chosen proposal (an index into the given boxes when there were any)
     * @param proposal the chosen proposal
     * @param probabilities every proposal's probability
     * @param expression the parsed expression
     * @param masks how the masks were made, e.g. {@code segmentation (box prompts)}
     * @param notes what was adapted on the way
     */
    public record Location(int index, Proposal proposal, double[] probabilities, ParsedExpression expression,
            String masks, List<String> notes) {

        /** Copies the arrays and lists. */
        public Location {
            probabilities = probabilities.clone();
            notes = List.copyOf(notes);
        }

        /** The chosen proposal's probability. */
        public double score() {
            return probabilities[index];
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }
    }

    /**
     * Locates the object.
     *
     * @param boxes proposal boxes in pixels, or {@code null} for automatic proposals
     * @param proposer the mask proposer to use, and no other (empty: the best installed, falling back to the next)
     * @param relations whether to use relations and superlatives
     * @throws IllegalArgumentException for an empty expression or a box outside the image
     * @throws ProposalException when no masks can be made (the named proposer is missing or fails, or every
     *         proposer failed), or the proposer finds no object
     * @throws EncoderException when encoding fails
     */
    public Location locate(RgbImage image, String expression, List<Region.Box> boxes, String proposer,
            ProposalScorer scorer, boolean relations) throws ProposalException, EncoderException {
        ParsedExpression parsed = parser.parse(expression);
        List<String> notes = new ArrayList<>();
        ProposalSet set;
        String masks;
        if (boxes != null) {
            List<Region.Box> clipped = new ArrayList<>();
            for (int i = 0; i < boxes.size(); i++) {
                Region.Box box = boxes.get(i);
                Region.Box inside = box.clip(image.width(), image.height()).orElse(null);
                if (inside == null) {
                    throw new IllegalArgumentException("Box " + i + " " + box.describe() + " lies outside the "
                            + image.width() + "x" + image.height() + " image");
                }
                if (!inside.equals(box)) {
                    notes.add("box " + i + " " + box.describe() + " was clipped to the image: " + inside.describe());
                }
                clipped.add(inside);
            }
            if (scorer.settings().alpha() == AlphaMode.MASK) {
                set = ProposalSet.forBoxes(proposers, proposer, image, clipped);
                masks = set.proposer() + " (box prompts)";
            } else {
                set = Proposal.boxMasks(clipped, image.width(), image.height());
                masks = "not used (alpha " + scorer.settings().alpha().optionName() + ")";
            }
        } else {
            set = ProposalSet.automatic(proposers, proposer, image);
            masks = set.proposer() + " (automatic)";
            if (set.proposals().isEmpty()) {
                throw new ProposalException("The mask proposer '" + set.proposer() + "' found no objects in the image; "
                        + "give candidate boxes with --boxes");
            }
        }
        notes.addAll(set.notes());
        if (set.proposer().equals("boxes")) {
            notes.add("masks are the boxes themselves (coarser than object masks)");
        }
        ImageScores scores = scorer.encode(image, set.proposals());
        notes.addAll(scores.warnings());
        TextScores texts = scores.score(relations ? parsed.texts() : List.of(parsed.text()));
        texts.truncated().forEach(text -> notes.add("'" + text + "' is longer than the model's context and was cut to fit"));
        List<Region.Box> proposalBoxes = set.proposals().stream().map(Proposal::box).toList();
        double[] probabilities = new ExpressionResolver(proposalBoxes, scorer.settings().expressionWeight())
                .resolve(parsed, texts, relations);
        int best = ExpressionResolver.argmax(probabilities);
        return new Location(best, set.proposals().get(best), probabilities, parsed, masks, notes);
    }
}
