package org.alphaclip.core.internal.session;

import java.io.IOException;
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
 * The session layer for benchmarks, without OSGi: a {@link SessionRegistry} on the CPU with a chosen
 * intra-op thread count, CPU arena on, one request at a time and dynamic batching off (a lone request
 * never waits for companions). This class sits in the core's package, split across jars on the plain
 * class path, because the registry, its settings and {@link OnnxGraphs} are package-private there.
 *
 * <pre>{@code
 * try (BenchSessions sessions = BenchSessions.cpu(2)) {
 *     OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(modelPackage, sessions);
 * }
 * }</pre>
 */
public final class BenchSessions implements InferenceSessions, AutoCloseable {

    private final SessionRegistry registry;
    private final OwnerSessions owner;

    private BenchSessions(SessionRegistry registry) {
        this.registry = registry;
        this.owner = registry.owner("bench");
    }

    /**
     * A registry whose CPU sessions run with {@code threads} intra-op threads.
     *
     * @param threads at least 1
     */
    public static BenchSessions cpu(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new BenchSessions(new SessionRegistry(new SessionSettings("cpu", threads, true, false, 0,
                "kNextPowerOfTwo", "EXHAUSTIVE", 1, 64, 1, Duration.ZERO, Duration.ofSeconds(60))));
    }

    /**
     * Writes the graph {@code y[batch, size] = x[batch, size] · w[size, size]} (float32, random weights).
     */
    public static void writeMatMul(Path file, int size) throws IOException {
        OnnxGraphs.writeMatMul(file, size, size, 1);
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

    /** Releases the handles still open and closes every session. */
    @Override
    public void close() {
        owner.close();
        registry.close();
    }
}
