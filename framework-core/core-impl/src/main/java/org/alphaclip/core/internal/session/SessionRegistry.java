package org.alphaclip.core.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.alphaclip.sdk.io.FileDigests;

import ai.onnxruntime.OrtEnvironment;

/**
 * The process's shared ONNX Runtime sessions, without OSGi. Sessions are keyed by the SHA-256 of the
 * model file, the resolved device, the thread count and the optimisation level; each is reference
 * counted per user and closed {@code idleTimeout} after its last handle is released. Devices are created
 * on first use, a CUDA device falling back to CPU with one warning when its execution provider cannot be
 * loaded. Uses ONNX Runtime's process-wide {@link OrtEnvironment} and never closes it.
 *
 * <p>Memory sharing: sessions on the same model content and options are one native session, so weights
 * and arenas exist once. ONNX Runtime's shared environment allocators cannot be used from Java: its Java
 * API (1.23) has no binding for {@code CreateAndRegisterAllocator} and its {@code OrtAllocator} class is not
 * public, so the session option {@code session.use_env_allocators} would find nothing to share; likewise
 * there is no prepacked-weights container. Each distinct session keeps its own CPU arena (which
 * {@code cpuArena=false} turns off). Global thread pools ({@code OrtEnvironment.ThreadingOptions} with
 * {@code disablePerSessionThreads}) are possible only for whoever creates the environment first, and
 * would ignore the per-session thread count, so they are not used.
 *
 * <pre>{@code
 * try (SessionRegistry registry = new SessionRegistry(settings)) {
 *     OwnerSessions mine = registry.owner("org.example.bundle");
 *     try (SessionHandle handle = mine.acquire(model, SessionOptions.DEFAULT)) { ... }
 * }
 * }</pre>
 */
final class SessionRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    private final SessionSettings settings;
    private final OrtEnvironment env;
    private final ScheduledExecutorService idleCloser;
    /** Guarded by {@code this}. */
    private final Map<String, Device> devices = new LinkedHashMap<>();
    /** Guarded by {@code this}. */
    private final Map<SharedSession.Key, SharedSession> sessions = new HashMap<>();
    /** Guarded by {@code this}. */
    private boolean closed;

    /** Starts with the CPU device and the configured default device (warning now if CUDA falls back). */
    SessionRegistry(SessionSettings settings) {
        this.settings = settings;
        this.env = OrtEnvironment.getEnvironment();
        synchronized (this) {
            devices.put("cpu", Device.cpu(settings));
            device(settings.device());
        }
        this.idleCloser = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "alphaclip-session-idle-close");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A view for one user, tracking its handles. */
    OwnerSessions owner(String name) {
        return new OwnerSessions(name, this);
    }

    /**
     * A handle on the shared session for this file's content and options, loading it if needed.
     *
     * @param user who holds the handle, for status and leak reports
     * @param onClose told when the handle closes, before the reference is released
     * @throws SessionException {@link Reason#INVALID_MODEL} for a missing or invalid model,
     *         {@link Reason#CLOSED} after {@link #close()}
     * @throws IllegalArgumentException for a device name other than default, cpu or cuda:N
     */
    SharedHandle acquire(String user, Path modelFile, SessionOptions options, Consumer<SharedHandle> onClose)
            throws SessionException {
        ModelFile model = ModelFile.of(modelFile);
        SharedSession session;
        synchronized (this) {
            if (closed) {
                throw new SessionException(Reason.CLOSED, "The inference sessions service is closed");
            }
            Device device = device("default".equals(options.device()) ? settings.device() : options.device());
            int threads = options.intraOpThreads() > 0 ? options.intraOpThreads() : settings.cpuThreads();
            SharedSession.Key key = new SharedSession.Key(model.sha256(), device.active(), threads,
                    options.optimization());
            session = sessions.computeIfAbsent(key, k -> new SharedSession(k, model.path(), model.bytes(), device, env,
                    settings));
            session.retain(user);
        }
        SharedHandle handle = new SharedHandle(session, user, closing -> {
            onClose.accept(closing);
            release(closing.session(), closing.user());
        });
        try {
            session.load();
        } catch (SessionException | RuntimeException e) {
            handle.close();
            throw e;
        }
        return handle;
    }

    /**
     * A model file's content hash and size. The hash comes from {@link FileDigests}, which remembers it per
     * file stamp for the whole process, so a file the package reader verified is not read again here.
     */
    private record ModelFile(Path path, String sha256, long bytes) {
        static ModelFile of(Path file) throws SessionException {
            Path path = file.toAbsolutePath().normalize();
            try {
                return new ModelFile(path, FileDigests.sha256(path), Files.size(path));
            } catch (NoSuchFileException e) {
                throw new SessionException(Reason.INVALID_MODEL, "Model file " + path + " does not exist", e);
            } catch (IOException e) {
                throw new SessionException(Reason.INVALID_MODEL, "Cannot read model file " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private synchronized void release(SharedSession session, String user) {
        if (session.release(user) > 0 || closed || sessions.get(session.key()) != session) {
            return;
        }
        if (!session.loaded()) {
            sessions.remove(session.key());
            session.close();
            return;
        }
        session.idleClose(idleCloser.schedule(() -> closeIfIdle(session), settings.idleTimeout().toNanos(),
                TimeUnit.NANOSECONDS));
    }

    private void closeIfIdle(SharedSession session) {
        synchronized (this) {
            if (session.handles() > 0 || !sessions.remove(session.key(), session)) {
                return;
            }
        }
        session.close();
        LOG.fine(() -> "Closed the idle session for " + session.modelFile());
    }

    /** The device of a name, created on first use; the lock must be held. */
    private Device device(String name) {
        String normalized = Device.normalizeName(name);
        Device device = devices.get(normalized);
        if (device == null) {
            device = Device.cuda(normalized, settings, devices.get("cpu"));
            devices.put(normalized, device);
        }
        return device;
    }

    synchronized List<DeviceStatus> devices() {
        List<DeviceStatus> status = new ArrayList<>();
        devices.values().forEach(device -> status.add(device.status()));
        return status;
    }

    /** The loaded sessions, idle ones waiting for their timeout included. */
    synchronized List<SessionStatus> sessions() {
        List<SessionStatus> status = new ArrayList<>();
        for (SharedSession session : sessions.values()) {
            if (session.loaded()) {
                status.add(session.status());
            }
        }
        status.sort((a, b) -> a.modelFile().compareTo(b.modelFile()));
        return status;
    }

    /**
     * Closes every session once its running requests finish; handles fail with {@link Reason#CLOSED}
     * from then on. Leaves the ONNX Runtime environment open. Idempotent.
     */
    @Override
    public void close() {
        List<SharedSession> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        idleCloser.shutdownNow();
        open.forEach(SharedSession::close);
    }
}
