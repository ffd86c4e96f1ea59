package org.alphaclip.api.session;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The process's inference sessions. Each bundle gets its own view of this service: the handles a
 * bundle still holds when it stops are released for it and reported as leaked.
 */
@ProviderType
public interface InferenceSessions {

    /**
     * A handle on the session for this model file and options. The same file content (by SHA-256)
     * with the same options yields the same session, whichever bundle asks; a replaced file is a new model.
     *
     * @throws SessionException when the file is missing or not a valid graph, or the device refuses it
     */
    SessionHandle acquire(Path modelFile, SessionOptions options) throws SessionException;

    /** The devices, as configured and as actually in use (after any fallback). */
    List<DeviceStatus> devices();

    /** The live sessions with their users and statistics. */
    List<SessionStatus> sessions();
}
