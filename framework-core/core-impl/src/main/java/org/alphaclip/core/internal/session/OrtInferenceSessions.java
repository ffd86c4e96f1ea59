package org.alphaclip.core.internal.session;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.alphaclip.api.session.InferenceSessions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Owns the {@link SessionRegistry} and registers {@link InferenceSessions} as a bundle-scoped service:
 * each bundle gets its own {@link OwnerSessions} under its symbolic name, and when the bundle releases
 * the service (it stops, or this component goes away) the handles it still holds are closed and reported
 * as leaked. Configured through ConfigAdmin under {@value #PID}; a new configuration restarts the
 * component and with it every session.
 *
 * <pre>
 * # etc/org.alphaclip.sessions.cfg
 * device=cuda:0
 * cudaMemoryLimitBytes=8589934592
 * maxBatchSize=16
 * </pre>
 */
@Component(immediate = true, service = {}, configurationPid = OrtInferenceSessions.PID)
@Designate(ocd = OrtInferenceSessions.Config.class)
public final class OrtInferenceSessions {

    /** The configuration PID. */
    public static final String PID = "org.alphaclip.sessions";

    /** The configuration of the inference devices and their scheduling. */
    @ObjectClassDefinition(name = "Alpha-CLIP inference sessions",
            description = "Devices, scheduling and dynamic batching of the shared ONNX Runtime sessions")
    public @interface Config {

        /** The device of sessions asking for the default one. */
        @AttributeDefinition(description = "Default device: cpu or cuda:N. Falls back to cpu, with one warning, "
                + "when the CUDA execution provider cannot be loaded")
        String device() default "cpu";

        /** Intra-op threads per inference. */
        @AttributeDefinition(description = "Threads per inference, 0 for one per physical core")
        int cpuThreads() default 0;

        /** The CPU arena. */
        @AttributeDefinition(description = "Keep a memory arena for CPU tensors (faster, holds memory)")
        boolean cpuArena() default true;

        /** Spinning intra-op threads. */
        @AttributeDefinition(description = "Let idle inference threads spin (faster only on a machine with free cores)")
        boolean cpuSpinning() default false;

        /** The CUDA arena limit. */
        @AttributeDefinition(description = "CUDA memory arena limit in bytes, 0 for no limit")
        long cudaMemoryLimitBytes() default 0;

        /** How the CUDA arena grows. */
        @AttributeDefinition(description = "How the CUDA arena grows", options = {
                @Option(label = "Next power of two", value = "kNextPowerOfTwo"),
                @Option(label = "Same as requested", value = "kSameAsRequested") })
        String cudaArenaExtendStrategy() default "kNextPowerOfTwo";

        /** cuDNN convolution algorithm search. */
        @AttributeDefinition(description = "cuDNN convolution algorithm search", options = {
                @Option(label = "Exhaustive (benchmark every algorithm)", value = "EXHAUSTIVE"),
                @Option(label = "Heuristic", value = "HEURISTIC"),
                @Option(label = "Default algorithm", value = "DEFAULT") })
        String cudnnConvAlgoSearch() default "EXHAUSTIVE";

        /** Requests run at once per device. */
        @AttributeDefinition(description = "Requests a device runs at once")
        int maxConcurrent() default 2;

        /** Requests waiting per device. */
        @AttributeDefinition(description = "Requests allowed to wait per device; more are rejected as busy")
        int queueLimit() default 64;

        /** The largest dynamic batch. */
        @AttributeDefinition(description = "Largest batch the dynamic batcher forms from single requests, "
                + "1 to switch batching off")
        int maxBatchSize() default 8;

        /** How long a batch waits to fill. */
        @AttributeDefinition(description = "Milliseconds the first request of a batch waits for others")
        long maxBatchDelayMillis() default 5;

        /** Idle timeout. */
        @AttributeDefinition(description = "Seconds a session without users stays open")
        long idleTimeoutSeconds() default 60;
    }

    private final SessionRegistry registry;
    private final ServiceRegistration<InferenceSessions> registration;

    /** Creates the registry and registers the bundle-scoped service. */
    @Activate
    public OrtInferenceSessions(BundleContext context, Config config) {
        registry = new SessionRegistry(settings(config));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_DESCRIPTION, "Shared ONNX Runtime inference sessions");
        registration = context.registerService(InferenceSessions.class, new PerBundle(registry), properties);
    }

    static SessionSettings settings(Config config) {
        return new SessionSettings(config.device(), config.cpuThreads(), config.cpuArena(), config.cpuSpinning(),
                config.cudaMemoryLimitBytes(), config.cudaArenaExtendStrategy(), config.cudnnConvAlgoSearch(),
                config.maxConcurrent(), config.queueLimit(), config.maxBatchSize(),
                Duration.ofMillis(config.maxBatchDelayMillis()), Duration.ofSeconds(config.idleTimeoutSeconds()));
    }

    /** Unregisters the service (each bundle's leftover handles are released) and closes every session. */
    @Deactivate
    void deactivate() {
        registration.unregister();
        registry.close();
    }

    /** One {@link OwnerSessions} per bundle, closed when the bundle releases the service. */
    static final class PerBundle implements ServiceFactory<InferenceSessions> {
        private final SessionRegistry registry;

        PerBundle(SessionRegistry registry) {
            this.registry = registry;
        }

        @Override
        public InferenceSessions getService(Bundle bundle, ServiceRegistration<InferenceSessions> registration) {
            return registry.owner(bundle.getSymbolicName());
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<InferenceSessions> registration,
                InferenceSessions service) {
            ((OwnerSessions) service).close();
        }
    }
}
