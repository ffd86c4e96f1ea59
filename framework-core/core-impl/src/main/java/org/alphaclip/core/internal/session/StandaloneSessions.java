package org.alphaclip.core.internal.session;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;

/**
 * {@link InferenceSessions} without OSGi, for tests, benchmarks and tools on the plain class path: a {@link SessionRegistry} with the
 * component's default configuration (CPU) and one user. Closing it closes every session.
 *
 * <pre>{@code
 * try (StandaloneSessions sessions = StandaloneSessions.open()) {
 *     OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(modelPackage, sessions);
 * }
 * }</pre>
 */
public final class StandaloneSessions implements InferenceSessions, AutoCloseable {

    private final SessionRegistry registry;
    private final OwnerSessions owner;

    private StandaloneSessions(SessionRegistry registry) {
        this.registry = registry;
        this.owner = registry.owner("standalone");
    }

    /**
     * A registry for benchmarks: CPU sessions with {@code threads} intra-op threads, arena on, one request at
     * a time and dynamic batching off (a lone request never waits for companions).
     *
     * @param threads at least 1
     */
    public static StandaloneSessions cpu(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new StandaloneSessions(new SessionRegistry(new SessionSettings("cpu", threads, true, false, 0,
                "kNextPowerOfTwo", "EXHAUSTIVE", 1, 64, 1, Duration.ZERO, Duration.ofSeconds(60))));
    }

    /** A registry configured as {@link OrtInferenceSessions} is without a configuration. */
    public static StandaloneSessions open() {
        OrtInferenceSessions.Config defaults = (OrtInferenceSessions.Config) Proxy.newProxyInstance(
                OrtInferenceSessions.Config.class.getClassLoader(), new Class<?>[] { OrtInferenceSessions.Config.class },
                (proxy, method, args) -> method.getDefaultValue());
        return new StandaloneSessions(new SessionRegistry(OrtInferenceSessions.settings(defaults)));
    }

    @Override
    public SessionHandle acquire(Path modelFile, SessionOptions options) throws SessionException {
        return owner.acquire(modelFile, options);
    }

    @Override
    public List<DeviceStatus> devices() {
        return registry.devices();
    }

    @Override
    public List<SessionStatus> sessions() {
        return registry.sessions();
    }

    /** Releases the handles still open (with a leak warning) and closes every session. */
    @Override
    public void close() {
        owner.close();
        registry.close();
    }
}
