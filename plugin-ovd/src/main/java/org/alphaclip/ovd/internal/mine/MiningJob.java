package org.alphaclip.ovd.internal.mine;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.ovd.internal.classify.PromptWarnings;
import org.alphaclip.ovd.internal.mine.MinedImage.Status;

/**
 * The data engine: for every image not yet done, the proposer's masks are scored against the image's class and
 * the best one is appended to the state; when all images are done the outputs are written from the state.
 * Several threads mine at once, each one image at a time, so memory holds at most one image and its masks per
 * thread. A restart with the same settings mines only the images the state lacks (and those that failed).
 *
 * <p>The masks come from {@link MaskProposers}: the proposer the settings name, or when they name none the best
 * installed one, falling back to the next for an image it fails on; each such fallback becomes a warning of the
 * report.
 *
 * <pre>{@code
 * MiningReport report = new MiningJob(dataset, settings, proposers, scorer, images, progress).run();
 * }</pre>
 */
public final class MiningJob {

    private final Dataset dataset;
    private final MiningSettings settings;
    private final MaskProposers proposers;
    private final MaskScorer scorer;
    private final ImageReader images;
    private final ProgressReporting progressReporting;

    /** A job over a dataset with the given services. */
    public MiningJob(Dataset dataset, MiningSettings settings, MaskProposers proposers, MaskScorer scorer,
            ImageReader images, ProgressReporting progressReporting) {
        this.dataset = dataset;
        this.settings = settings;
        this.proposers = proposers;
        this.scorer = scorer;
        this.images = images;
        this.progressReporting = progressReporting;
    }

    /**
     * Mines what is left and writes the outputs.
     *
     * @throws MiningException when the run cannot start (foreign output, state of other settings, damaged state)
     *         or stops (the encoder failed, interrupted); every image finished before is kept
     */
    public MiningReport run() throws IOException, MiningException {
        if (Files.exists(settings.out()) && !Files.exists(settings.state())) {
            throw new MiningException(settings.out() + " already exists and has no state " + settings.state()
                    + " beside it, so it is not this run's output. It was not touched; remove it or give another --out.");
        }
        Files.createDirectories(settings.out().getParent());
        try (MiningState state = MiningState.open(settings.state(), settings.stateParameters(dataset),
                dataset.items().size())) {
            List<String> warnings = new ArrayList<>(PromptWarnings.truncated(scorer.classifier()));
            state.notes().forEach(note -> warnings.add("state " + state.file() + ": " + note));
            List<Dataset.Item> todo = dataset.items().stream().filter(i -> !state.isDone(i.id())).toList();
            long start = System.nanoTime();
            Queue<String> fallbacks = new ConcurrentLinkedQueue<>();
            mine(state, todo, fallbacks);
            double seconds = (System.nanoTime() - start) / 1e9;
            warnings.addAll(fallbacks);
            LvisOutput.Written written = new LvisOutput(dataset, state, settings).write();
            int withMask = (int) state.entries().values().stream().filter(e -> e.status() == Status.OK).count();
            return new MiningReport(settings, dataset.items().size(), dataset.classes().size(), withMask,
                    written.kept(), todo.size(), seconds, written.changed(), written.replaced(), written.skipped(), warnings);
        }
    }

    /** Mines the images, appending each to the state; the proposers' fallback notes go into {@code fallbacks}. */
    private void mine(MiningState state, List<Dataset.Item> todo, Queue<String> fallbacks) throws MiningException {
        if (todo.isEmpty()) {
            return;
        }
        int total = dataset.items().size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Failure> failure = new AtomicReference<>();
        int threads = Math.min(settings.threads(), todo.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ovd-mine");
            t.setDaemon(true);
            return t;
        });
        try (Progress progress = progressReporting.start("ovd:mine " + dataset.root(), total, total - todo.size())) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while (!stop.get() && (i = next.getAndIncrement()) < todo.size()) {
                        Dataset.Item item = todo.get(i);
                        progress.status(item.file());
                        try {
                            state.append(mineOne(item, fallbacks));
                            finished.incrementAndGet();
                            progress.advance(1);
                        } catch (EncoderException | IOException | RuntimeException e) {
                            failure.compareAndSet(null, new Failure("while mining " + item.file() + ": " + e.getMessage(), e));
                            stop.set(true);
                        }
                    }
                }));
            }
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                }
            } catch (InterruptedException e) {
                stop.set(true);
                pool.shutdownNow();
                awaitQuietly(pool);
                Thread.currentThread().interrupt();
                throw new MiningException("ovd:mine was interrupted. The " + state.entries().size() + " images finished"
                        + " so far are kept in " + state.file() + "; run the same command again to go on.");
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, new Failure("with an internal error: " + e.getCause(), e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Failure stopped = failure.get();
        if (stopped != null) {
            throw new MiningException("ovd:mine stopped " + stopped.what() + ". The " + finished.get()
                    + " images this run finished (and all earlier ones) are kept in " + state.file()
                    + "; run the same command again to go on.", stopped.cause());
        }
    }

    /** Why the workers stopped. */
    private record Failure(String what, Throwable cause) {
    }

    /** Mines one image: its best mask, or why it has none. */
    private MinedImage mineOne(Dataset.Item item, Queue<String> fallbacks) throws EncoderException {
        RgbImage image;
        try {
            image = images.readImage(dataset.resolve(item));
        } catch (InvalidImageException e) {
            return MinedImage.without(item, Status.UNREADABLE, e.getMessage(), 0, 0, 0);
        }
        ProposalResult result;
        try {
            result = proposers.propose(settings.proposer(), image, ProposalRequest.automatic());
        } catch (ProposalException e) {
            String reason = settings.proposer().isEmpty() ? e.getMessage() : "proposer " + settings.proposer() + ": " + e.getMessage();
            return MinedImage.without(item, Status.FAILED, reason, image.width(), image.height(), 0);
        }
        result.notes().forEach(note -> fallbacks.add(item.file() + ": " + note));
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
            if (better(settings.ranking(), scores.get(i), candidates.get(i), scores.get(best), candidates.get(best))) {
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
    private static boolean better(Ranking ranking, MaskScorer.Score a, Candidate ca, MaskScorer.Score b, Candidate cb) {
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

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
