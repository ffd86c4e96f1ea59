package org.alphaclip.rec.internal.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.rec.internal.data.EvalExpression;
import org.alphaclip.rec.internal.data.EvalImage;
import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.ParsedExpression;
import org.alphaclip.rec.internal.proposal.Proposal;
import org.alphaclip.rec.internal.proposal.ProposalSet;
import org.alphaclip.rec.internal.score.AlphaMode;
import org.alphaclip.rec.internal.score.ExpressionResolver;
import org.alphaclip.rec.internal.score.ImageScores;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.rec.internal.score.TextScores;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Runs an evaluation: for each image, makes the proposals once and encodes them once, scores the texts of
 * all its expressions in one go, then resolves each expression with and without relations and records the
 * result in the state file before the next one. Expressions the state file already holds are skipped, so a
 * stopped run continues where it stopped. An image that cannot be read, or for which no masks can be made,
 * fails its expressions (counted wrong, with the reason recorded); an encoder failure stops the run. When
 * the alpha channel does not show masks (alpha {@code box} or {@code whole}), the boxes are used as they
 * are and no mask proposer is asked.
 */
public final class Evaluator {

    /** An answer is right when its box overlaps a ground-truth box at least this much. */
    public static final double IOU_THRESHOLD = 0.5;

    private static final int MAX_NOTES = 10;

    /**
     * How proposals are made.
     *
     * @param proposer the mask proposer to use, and no other (empty: the best installed, falling back to the next)
     * @param trueMasks use the dataset's own masks (synthetic world only)
     * @param automatic ignore the dataset's boxes and take the proposer's automatic proposals
     * @param limit the most expressions per split (0: all)
     */
    public record Options(String proposer, boolean trueMasks, boolean automatic, int limit) {
    }

    private final ImageReader images;
    private final MaskProposers proposers;
    private final ProposalScorer scorer;
    private final ExpressionParser parser;
    private String preparedKey;
    private Prepared prepared;

    /** An image's proposals, where their masks came from, and their encodings. */
    private record Prepared(List<Proposal> proposals, String source, ImageScores scores) {
    }

    /** An expression of an image with its parse, or the reason it could not be parsed. */
    private record Parsed(EvalExpression expression, ParsedExpression parse, String error) {
    }

    /** An evaluator with its parts. */
    public Evaluator(ImageReader images, MaskProposers proposers, ProposalScorer scorer, ExpressionParser parser) {
        this.images = images;
        this.proposers = proposers;
        this.scorer = scorer;
        this.parser = parser;
    }

    /**
     * Evaluates the splits, resuming from the state file.
     *
     * @param description the settings in words, for the report
     * @param progress where the progress bar goes
     * @throws EncoderException when the encoder fails (the results so far are kept)
     * @throws IOException when the state file cannot be written
     */
    public EvalReport run(List<EvalSplit> splits, Options options, StateFile state, String description,
            ProgressReporting progress)
            throws EncoderException, IOException {
        Map<String, JsonObject> done = state.results();
        Set<String> notes = new LinkedHashSet<>(state.notes());
        long total = 0;
        long finished = 0;
        for (EvalSplit split : splits) {
            for (EvalExpression e : limited(split, options.limit())) {
                total++;
                finished += done.containsKey(key(split, e)) ? 1 : 0;
            }
        }
        String title = "rec:eval " + String.join(", ", splits.stream().map(EvalSplit::name).toList());
        try (Progress bar = progress.start(title, total, finished)) {
            for (EvalSplit split : splits) {
                Set<String> wanted = wanted(split, options);
                for (EvalImage image : split.images()) {
                    List<EvalExpression> remaining = remaining(split, image, wanted, done);
                    if (!remaining.isEmpty()) {
                        bar.status(split.name() + " " + image.key());
                        evaluate(split, image, remaining, options, record -> {
                            state.append(record);
                            bar.advance(1);
                        }, notes);
                    }
                }
            }
        }
        return report(splits, options, state, description, notes);
    }

    /** Receives result records as they are made: a state file, or the rows of a cluster job. */
    @FunctionalInterface
    public interface RecordSink {
        /** Takes one expression's result. */
        void accept(JsonObject record) throws IOException;
    }

    /** The keys of the expressions a split is evaluated on (the first {@code limit} when the options set one). */
    public static Set<String> wanted(EvalSplit split, Options options) {
        Set<String> wanted = new LinkedHashSet<>();
        limited(split, options.limit()).forEach(e -> wanted.add(e.key()));
        return wanted;
    }

    /** The expressions of an image that are wanted and have no result in {@code done} (by {@link #key}). */
    public static List<EvalExpression> remaining(EvalSplit split, EvalImage image, Set<String> wanted,
            Map<String, JsonObject> done) {
        return image.expressions().stream()
                .filter(e -> wanted.contains(e.key()) && !done.containsKey(key(split, e))).toList();
    }

    /**
     * Evaluates some expressions of one image, handing each result record to {@code sink} as it is made. An image
     * that cannot be read or has no masks fails its expressions (records with the reason), noted in {@code notes}.
     *
     * @throws EncoderException when the encoder fails
     * @throws IOException when the sink fails
     */
    public void evaluate(EvalSplit split, EvalImage image, List<EvalExpression> remaining, Options options,
            RecordSink sink, Set<String> notes) throws EncoderException, IOException {
        image.notes().forEach(n -> note(notes, n));
        Prepared ready;
        try {
            ready = prepare(image, options, notes);
        } catch (InvalidImageException | ProposalException e) {
            note(notes, split.name() + " " + image.key() + ": " + e.getMessage());
            for (EvalExpression expression : remaining) {
                JsonObject record = record(split, expression);
                record.addProperty("correct", false);
                record.addProperty("correctWithoutRelations", false);
                record.addProperty("error", e.getMessage());
                sink.accept(record);
            }
            return;
        }
        List<Proposal> proposals = ready.proposals();
        List<Region.Box> boxes = proposals.stream().map(Proposal::box).toList();
        List<Parsed> parses = new ArrayList<>();
        Set<String> texts = new LinkedHashSet<>();
        for (EvalExpression expression : remaining) {
            try {
                ParsedExpression parsed = parser.parse(expression.text());
                texts.addAll(parsed.texts());
                parses.add(new Parsed(expression, parsed, null));
            } catch (IllegalArgumentException e) {
                parses.add(new Parsed(expression, null, e.getMessage()));
            }
        }
        TextScores scores = texts.isEmpty() ? null : ready.scores().score(texts);
        if (scores != null) {
            scores.truncated().forEach(text -> note(notes, image.key() + ": '" + text
                    + "' is longer than the model's context and was cut to fit"));
        }
        ExpressionResolver resolver = new ExpressionResolver(boxes, scorer.settings().expressionWeight());
        for (Parsed parsed : parses) {
            JsonObject record = record(split, parsed.expression());
            record.addProperty("proposals", proposals.size());
            record.addProperty("masks", ready.source());
            if (parsed.parse() == null) {
                record.addProperty("correct", false);
                record.addProperty("correctWithoutRelations", false);
                record.addProperty("error", parsed.error());
            } else {
                double[] withRelations = resolver.resolve(parsed.parse(), scores, true);
                double[] without = resolver.resolve(parsed.parse(), scores, false);
                int best = ExpressionResolver.argmax(withRelations);
                int bestWithout = ExpressionResolver.argmax(without);
                List<Region.Box> gold = parsed.expression().gold();
                double iou = bestIou(boxes.get(best), gold);
                record.addProperty("parse", parsed.parse().toString());
                record.addProperty("correct", iou >= IOU_THRESHOLD);
                record.addProperty("correctWithoutRelations", bestIou(boxes.get(bestWithout), gold) >= IOU_THRESHOLD);
                record.addProperty("prediction", best);
                record.addProperty("predictionWithoutRelations", bestWithout);
                record.add("box", boxJson(boxes.get(best)));
                record.addProperty("score", withRelations[best]);
                record.addProperty("iou", iou);
            }
            sink.accept(record);
        }
    }

    /**
     * The encoded proposals of an image; consecutive images with the same file and boxes (ReCLIP lists
     * one line per referred object) share them.
     */
    private Prepared prepare(EvalImage image, Options options, Set<String> notes)
            throws InvalidImageException, ProposalException, EncoderException {
        String key = image.image() + " " + image.boxes();
        if (key.equals(preparedKey)) {
            return prepared;
        }
        RgbImage rgb = images.readImage(image.image());
        List<String> made = new ArrayList<>();
        ProposalSet set = proposals(image, rgb, options, made);
        made.addAll(set.notes());
        made.forEach(n -> note(notes, image.key() + ": " + n));
        if (set.proposals().isEmpty()) {
            throw new ProposalException("the mask proposer '" + set.proposer() + "' found no objects");
        }
        ImageScores scores = scorer.encode(rgb, set.proposals());
        scores.warnings().forEach(w -> note(notes, image.key() + ": " + w));
        preparedKey = key;
        prepared = new Prepared(set.proposals(), set.proposer(), scores);
        return prepared;
    }

    private ProposalSet proposals(EvalImage image, RgbImage rgb, Options options, List<String> notes)
            throws ProposalException, InvalidImageException {
        if (options.automatic()) {
            return ProposalSet.automatic(proposers, options.proposer(), rgb);
        }
        List<Region.Box> boxes = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < image.boxes().size(); i++) {
            Optional<Region.Box> clipped = image.boxes().get(i).clip(rgb.width(), rgb.height());
            if (clipped.isEmpty()) {
                notes.add("box " + i + " lies outside the " + rgb.width() + "x" + rgb.height() + " image and was dropped");
            } else {
                boxes.add(clipped.get());
                kept.add(i);
            }
        }
        if (boxes.isEmpty()) {
            byte[] all = new byte[rgb.width() * rgb.height()];
            java.util.Arrays.fill(all, (byte) 255);
            return new ProposalSet(List.of(new Proposal(new Region.Box(0, 0, rgb.width(), rgb.height()),
                    new GrayImage(rgb.width(), rgb.height(), all))), "whole-image", List.of());
        }
        if (options.trueMasks()) {
            if (image.trueMasks().isEmpty()) {
                throw new ProposalException("the dataset has no true masks (only synthetic world datasets do)");
            }
            List<Proposal> proposals = new ArrayList<>();
            for (int k = 0; k < boxes.size(); k++) {
                GrayImage mask = images.readMask(image.trueMasks().get(kept.get(k)));
                if (mask.width() != rgb.width() || mask.height() != rgb.height()) {
                    throw new ProposalException("mask " + image.trueMasks().get(kept.get(k)) + " does not have the image's size");
                }
                proposals.add(new Proposal(boxes.get(k), mask));
            }
            return new ProposalSet(proposals, "true masks", List.of());
        }
        if (scorer.settings().alpha() != AlphaMode.MASK) {
            return Proposal.boxMasks(boxes, rgb.width(), rgb.height());
        }
        return ProposalSet.forBoxes(proposers, options.proposer(), rgb, boxes);
    }

    /** The accuracy table of the results in {@code state}, with the notes the run made. */
    public static EvalReport report(List<EvalSplit> splits, Options options, StateFile state, String description,
            Set<String> notes) {
        Map<String, JsonObject> results = state.results();
        Map<String, Integer> sources = new LinkedHashMap<>();
        List<EvalReport.SplitResult> rows = new ArrayList<>();
        for (EvalSplit split : splits) {
            int n = 0;
            int correct = 0;
            int correctWithout = 0;
            int failed = 0;
            for (EvalExpression e : limited(split, options.limit())) {
                JsonObject r = results.get(key(split, e));
                if (r == null) {
                    continue;
                }
                n++;
                correct += r.get("correct").getAsBoolean() ? 1 : 0;
                correctWithout += r.get("correctWithoutRelations").getAsBoolean() ? 1 : 0;
                failed += r.has("error") ? 1 : 0;
                if (r.has("masks")) {
                    sources.merge(r.get("masks").getAsString(), 1, Integer::sum);
                }
            }
            rows.add(new EvalReport.SplitResult(split.name(), n, correct, correctWithout, failed));
        }
        return new EvalReport(description, rows, sources, List.copyOf(notes), state.file(), false);
    }

    private static List<EvalExpression> limited(EvalSplit split, int limit) {
        List<EvalExpression> all = split.images().stream().flatMap(i -> i.expressions().stream()).toList();
        return limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
    }

    /** The key of an expression's result in the state file. */
    public static String key(EvalSplit split, EvalExpression expression) {
        return split.name() + "/" + expression.key();
    }

    private static JsonObject record(EvalSplit split, EvalExpression expression) {
        JsonObject record = new JsonObject();
        record.addProperty("key", key(split, expression));
        record.addProperty("split", split.name());
        record.addProperty("text", expression.text());
        return record;
    }

    private static double bestIou(Region.Box box, List<Region.Box> gold) {
        double best = 0;
        for (Region.Box g : gold) {
            best = Math.max(best, box.iou(g));
        }
        return best;
    }

    private static JsonArray boxJson(Region.Box box) {
        JsonArray out = new JsonArray();
        out.add(box.x0());
        out.add(box.y0());
        out.add(box.x1());
        out.add(box.y1());
        return out;
    }

    /** Adds a note unless there are {@value #MAX_NOTES} already. */
    public static void note(Set<String> notes, String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        }
    }
}
