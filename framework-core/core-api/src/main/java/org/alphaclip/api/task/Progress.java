package org.alphaclip.api.task;

import org.osgi.annotation.versioning.ProviderType;

/** The progress of one running job. Closing it prints the final line. */
@ProviderType
public interface Progress extends AutoCloseable {

    /** Records finished steps. Thread safe. */
    void advance(long steps);

    /** Sets a short status text shown beside the bar, e.g. the current file. */
    void status(String text);

    /** The steps finished so far, resumed ones included. */
    long done();

    /** Ends the job's report. */
    @Override
    void close();
}
