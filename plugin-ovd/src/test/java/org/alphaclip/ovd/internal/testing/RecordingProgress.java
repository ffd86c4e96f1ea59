package org.alphaclip.ovd.internal.testing;

import java.util.concurrent.atomic.AtomicLong;

import org.alphaclip.api.task.Progress;
import org.alphaclip.api.task.ProgressReporting;

/** Progress reporting that remembers the last job's numbers. */
public final class RecordingProgress implements ProgressReporting {

    /** The total of the last job started. */
    public volatile long total;
    /** The steps the last job resumed after. */
    public volatile long resumed;
    /** The steps of the last job, resumed ones included. */
    public final AtomicLong done = new AtomicLong();

    @Override
    public Progress start(String title, long total, long alreadyDone) {
        this.total = total;
        this.resumed = alreadyDone;
        done.set(alreadyDone);
        return new Progress() {
            @Override
            public void advance(long steps) {
                done.addAndGet(steps);
            }

            @Override
            public void status(String text) {
            }

            @Override
            public long done() {
                return done.get();
            }

            @Override
            public void close() {
            }
        };
    }
}
