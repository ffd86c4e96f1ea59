package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

class OrtInferenceSessionsTest {

    @Test
    @SuppressWarnings("unchecked")
    void eachBundleGetsItsOwnViewAndItsLeaksAreReleasedWithIt() throws Exception {
        List<Object[]> registrations = new ArrayList<>();
        AtomicBoolean unregistered = new AtomicBoolean();
        ServiceRegistration<?> registration = proxy(ServiceRegistration.class, (method, args) -> {
            unregistered.set(method.getName().equals("unregister"));
            return null;
        });
        BundleContext context = proxy(BundleContext.class, (method, args) -> {
            registrations.add(args);
            return registration;
        });
        OrtInferenceSessions component = new OrtInferenceSessions(context, config(Map.of()));

        assertEquals(InferenceSessions.class, registrations.get(0)[0]);
        ServiceFactory<InferenceSessions> factory = (ServiceFactory<InferenceSessions>) registrations.get(0)[1];
        Bundle a = bundle("org.example.a");
        InferenceSessions forA = factory.getService(a, null);
        InferenceSessions forB = factory.getService(bundle("org.example.b"), null);
        assertNotSame(forA, forB);
        forA.acquire(TestSupport.visualModel(), SessionOptions.DEFAULT);
        try (SessionHandle handle = forB.acquire(TestSupport.visualModel(), SessionOptions.DEFAULT)) {
            assertEquals(Map.of("org.example.a", 1, "org.example.b", 1), forB.sessions().get(0).users());
        }

        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            factory.ungetService(a, null, forA);
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).startsWith(
                    "org.example.a was released while holding 1 open session handle {alphaclip_visual.onnx=1}"));
        }
        assertEquals(Map.of(), forB.sessions().get(0).users());

        component.deactivate();
        assertTrue(unregistered.get());
        assertEquals(Reason.CLOSED, assertThrows(SessionException.class,
                () -> forB.acquire(TestSupport.visualModel(), SessionOptions.DEFAULT)).reason());
    }

    @Test
    void theConfigurationBecomesTheSettings() {
        SessionSettings settings = OrtInferenceSessions.settings(config(Map.of("device", "cuda", "cpuThreads", 4,
                "maxBatchDelayMillis", 20L, "idleTimeoutSeconds", 5L, "cudnnConvAlgoSearch", "HEURISTIC")));

        assertEquals(new SessionSettings("cuda:0", 4, true, false, 0, "kNextPowerOfTwo", "HEURISTIC", 2, 64, 8,
                Duration.ofMillis(20), Duration.ofSeconds(5)), settings);
    }

    @Test
    void aBadConfigurationIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OrtInferenceSessions.settings(config(Map.of("cudaArenaExtendStrategy", "kDouble"))));
        assertEquals("Unknown cudaArenaExtendStrategy 'kDouble', expected one of [kNextPowerOfTwo, kSameAsRequested]",
                e.getMessage());
        assertEquals("maxConcurrent must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> OrtInferenceSessions.settings(config(Map.of("maxConcurrent", 0)))).getMessage());
    }

    /** The annotation's defaults, with some values replaced. */
    private static OrtInferenceSessions.Config config(Map<String, Object> values) {
        return proxy(OrtInferenceSessions.Config.class,
                (method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static Bundle bundle(String symbolicName) {
        return proxy(Bundle.class, (method, args) -> symbolicName);
    }

    interface Answer {
        Object answer(java.lang.reflect.Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> answer.answer(method, args)));
    }
}
