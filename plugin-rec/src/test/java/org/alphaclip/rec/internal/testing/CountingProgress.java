package org.alphaclip.rec.internal.testing;

import java.util.concurrent.atomic.AtomicLong;

import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;

/** Progress reporting that remembers what it was told. */
public final class CountingProgress implements ProgressReporting {

    /** The total of the last job started. */
    public volatile long total;
    /** The steps the last job resumed after. */
    public volatile long resumed;
    /** The steps advanced by the last job (resumed ones excluded). */
    public final AtomicLong advanced = new AtomicLong();
    /** Whether the last job was closed. */
    public volatile boolean closed;

    @Override
    public Progress start(String title, long total, long alreadyDone) {
        this.total = total;
        this.resumed = alreadyDone;
        this.advanced.set(0);
        this.closed = false;
        return new Progress() {
            @Override
            public void advance(long steps) {
                advanced.addAndGet(steps);
            }

            @Override
            public void status(String text) {
            }

            @Override
            public long done() {
                return resumed + advanced.get();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }
}
