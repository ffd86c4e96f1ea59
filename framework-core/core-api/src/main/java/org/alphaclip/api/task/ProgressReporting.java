package org.alphaclip.api.task;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Shows the progress of long jobs to the user who started them (a bar with rate and ETA in the shell,
 * periodic lines in scripts) and in the log.
 */
@ProviderType
public interface ProgressReporting {

    /**
     * Starts reporting a job.
     *
     * @param title what runs, e.g. {@code rec:eval refcoco val}
     * @param total the number of steps, or 0 when unknown
     * @param alreadyDone steps finished by an earlier run that this one resumes
     */
    Progress start(String title, long total, long alreadyDone);
}
