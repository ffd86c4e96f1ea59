package org.alphaclip.core.internal.task;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;
import org.osgi.service.component.annotations.Component;

/**
 * Progress on the console of the command that runs the job: on a terminal one bar redrawn in place
 * (steps, percentage, rate, ETA), elsewhere a line at most every few seconds; start and end go to the log.
 */
@Component(service = ProgressReporting.class)
public final class ConsoleProgressReporting implements ProgressReporting {

    private static final Logger LOG = Logger.getLogger("org.alphaclip.core.progress");

    @Override
    public Progress start(String title, long total, long alreadyDone) {
        LOG.info(title + ": started" + (alreadyDone > 0 ? ", resuming after " + alreadyDone + " of " + total : ""));
        return new ConsoleProgress(title, total, alreadyDone, System.out, System.console() != null);
    }

    /** One job's progress; {@code out} is the stream of the thread that started it (Gogo's session). */
    static final class ConsoleProgress implements Progress {
        private static final int BAR = 30;

        private final String title;
        private final long total;
        private final long resumed;
        private final PrintStream out;
        private final boolean terminal;
        private final long startNanos = System.nanoTime();
        private final AtomicLong done;
        private volatile String status = "";
        private long lastPrintNanos;
        private boolean closed;

        ConsoleProgress(String title, long total, long resumed, PrintStream out, boolean terminal) {
            this.title = title;
            this.total = total;
            this.resumed = resumed;
            this.out = out;
            this.terminal = terminal;
            this.done = new AtomicLong(resumed);
        }

        @Override
        public void advance(long steps) {
            done.addAndGet(steps);
            maybePrint(false);
        }

        @Override
        public void status(String text) {
            status = text == null ? "" : text;
        }

        @Override
        public long done() {
            return done.get();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            maybePrint(true);
            if (terminal) {
                out.println();
            }
            LOG.info(title + ": " + line());
        }

        private synchronized void maybePrint(boolean force) {
            long now = System.nanoTime();
            long interval = terminal ? 200_000_000L : 5_000_000_000L;
            if (closed && !force || !force && now - lastPrintNanos < interval) {
                return;
            }
            lastPrintNanos = now;
            if (terminal) {
                out.print("\r" + line() + "   ");
            } else {
                out.println(line());
            }
            out.flush();
        }

        /** e.g. {@code rec:eval [=========>        ] 450/1000 45.0% 12.3/s ETA 00:44 image_0450.png}. */
        String line() {
            long current = done.get();
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            double rate = (current - resumed) / seconds;
            StringBuilder text = new StringBuilder(title).append(' ');
            if (total > 0) {
                int filled = (int) Math.min(BAR, BAR * current / total);
                text.append('[').append("=".repeat(filled)).append(filled < BAR ? ">" : "")
                        .append(" ".repeat(Math.max(0, BAR - filled - 1))).append("] ")
                        .append(current).append('/').append(total)
                        .append(String.format(Locale.ROOT, " %.1f%%", 100.0 * current / total));
            } else {
                text.append(current);
            }
            text.append(String.format(Locale.ROOT, " %.1f/s", rate));
            if (total > 0 && rate > 0 && current < total) {
                long eta = (long) ((total - current) / rate);
                text.append(String.format(Locale.ROOT, " ETA %02d:%02d", eta / 60, eta % 60));
            } else if (current >= total && total > 0) {
                text.append(String.format(Locale.ROOT, " done in %.1f s", seconds));
            }
            if (!status.isEmpty()) {
                text.append(' ').append(status);
            }
            return text.toString();
        }
    }
}
