package org.alphaclip.core.internal.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;

/**
 * One owner's view of the {@link SessionRegistry} (in OSGi, one bundle's service object): it tracks the
 * handles the owner acquires, and {@link #close()} releases those the owner never closed, with one warning
 * that names them. After close, {@link #acquire} fails with {@link Reason#CLOSED}.
 *
 * <pre>{@code
 * try (OwnerSessions sessions = registry.owner("org.example.bundle")) {
 *     SessionHandle handle = sessions.acquire(model, SessionOptions.DEFAULT);
 * }   // warns if handle is still open, and closes it
 * }</pre>
 */
final class OwnerSessions implements InferenceSessions, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OwnerSessions.class.getName());

    private final String owner;
    private final SessionRegistry registry;
    private final Set<SharedHandle> handles = ConcurrentHashMap.newKeySet();
    /** Guarded by {@code this}. */
    private boolean closed;

    OwnerSessions(String owner, SessionRegistry registry) {
        this.owner = owner;
        this.registry = registry;
    }

    @Override
    public SessionHandle acquire(Path modelFile, SessionOptions options) throws SessionException {
        synchronized (this) {
            if (closed) {
                throw closedException();
            }
        }
        SharedHandle handle = registry.acquire(owner, modelFile, options, handles::remove);
        synchronized (this) {
            if (!closed) {
                handles.add(handle);
                return handle;
            }
        }
        handle.close();
        throw closedException();
    }

    private SessionException closedException() {
        return new SessionException(Reason.CLOSED, "The inference sessions of " + owner + " were released");
    }

    @Override
    public List<DeviceStatus> devices() {
        return registry.devices();
    }

    @Override
    public List<SessionStatus> sessions() {
        return registry.sessions();
    }

    /** Releases the handles the owner still holds, reporting them as leaked; idempotent. */
    @Override
    public void close() {
        List<SharedHandle> leaked;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            leaked = new ArrayList<>(handles);
        }
        leaked.removeIf(SharedHandle::isClosed);
        if (leaked.isEmpty()) {
            return;
        }
        Map<String, Integer> perModel = new TreeMap<>();
        for (SharedHandle handle : leaked) {
            perModel.merge(handle.session().modelFile().getFileName().toString(), 1, Integer::sum);
            handle.close();
        }
        LOG.warning(owner + " was released while holding " + leaked.size() + " open session handle"
                + (leaked.size() == 1 ? "" : "s") + " " + perModel
                + "; they are closed now. Close every SessionHandle when done, e.g. in @Deactivate");
    }

    @Override
    public String toString() {
        return "InferenceSessions[" + owner + "]";
    }
}
