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
import org.alphaclip.api.proposal.MaskProposers;
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
     * How the images a state lacks are mined: on this JVM's threads ({@link #run()}) or elsewhere, e.g. by the
     * executors of a cluster.
     */
    @FunctionalInterface
    public interface Miner {
        /**
         * Mines {@code unmined}, appending each image to {@code state} as it finishes, so that a stop keeps every
         * finished image.
         *
         * @param warnings receives what the report should tell the user (proposer fallbacks, say)
         */
        void mine(MiningState state, List<Dataset.Item> unmined, Queue<String> warnings) throws MiningException, IOException;
    }

    /**
     * Mines what is left on this JVM's threads and writes the outputs.
     *
     * @throws MiningException when the run cannot start (foreign output, state of other settings, damaged state)
     *         or stops (the encoder failed, interrupted); every image finished before is kept
     */
    public MiningReport run() throws IOException, MiningException {
        return run(dataset, settings, PromptWarnings.truncated(scorer.classifier()), this::mine);
    }

    /**
     * Opens (or continues) the state of {@code settings}, lets {@code miner} mine the images it lacks, and writes
     * the LVIS file, the summary and the skipped list from the state, exactly as every run does.
     *
     * @param warnings what the report should tell the user besides the miner's own warnings
     * @throws MiningException when the run cannot start (foreign output, state of other settings, damaged state)
     *         or the miner stops; every image finished before is kept
     */
    public static MiningReport run(Dataset dataset, MiningSettings settings, List<String> warnings, Miner miner)
            throws IOException, MiningException {
        if (Files.exists(settings.out()) && !Files.exists(settings.state())) {
            throw new MiningException(settings.out() + " already exists and has no state " + settings.state()
                    + " beside it, so it is not this run's output. It was not touched; remove it or give another --out.");
        }
        Files.createDirectories(settings.out().getParent());
        try (MiningState state = MiningState.open(settings.state(), settings.stateParameters(dataset),
                dataset.items().size())) {
            List<String> reported = new ArrayList<>(warnings);
            state.notes().forEach(note -> reported.add("state " + state.file() + ": " + note));
            List<Dataset.Item> unmined = dataset.items().stream().filter(i -> !state.isDone(i.id())).toList();
            long start = System.nanoTime();
            Queue<String> minerWarnings = new ConcurrentLinkedQueue<>();
            if (!unmined.isEmpty()) {
                miner.mine(state, unmined, minerWarnings);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            reported.addAll(minerWarnings);
            LvisOutput.Written written = new LvisOutput(dataset, state, settings).write();
            int withMask = (int) state.entries().values().stream().filter(e -> e.status() == Status.OK).count();
            return new MiningReport(settings, dataset.items().size(), dataset.classes().size(), withMask,
                    written.kept(), unmined.size(), seconds, written.changed(), written.replaced(), written.skipped(), reported);
        }
    }

    /** Mines the images on a thread pool, appending each to the state; the proposers' fallback notes go into {@code fallbacks}. */
    private void mine(MiningState state, List<Dataset.Item> unmined, Queue<String> fallbacks) throws MiningException {
        ImageMiner miner = new ImageMiner(dataset.root(), settings.proposer(), settings.ranking(), proposers, scorer, images);
        int total = dataset.items().size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Failure> failure = new AtomicReference<>();
        int threads = Math.min(settings.threads(), unmined.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ovd-mine");
            t.setDaemon(true);
            return t;
        });
        try (Progress progress = progressReporting.start("ovd:mine " + dataset.root(), total, total - unmined.size())) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while (!stop.get() && (i = next.getAndIncrement()) < unmined.size()) {
                        Dataset.Item item = unmined.get(i);
                        progress.status(item.file());
                        try {
                            state.append(miner.mine(item, fallbacks::add));
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

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
