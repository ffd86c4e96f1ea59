package org.alphaclip.core.internal.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.model.Preprocessing;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

class EncoderLeasesTest {

    // A registry with an encoder service for model "a" only; it records the filters asked and the services given back.
    private final List<String> filters = new ArrayList<>();
    private final List<Object> released = new ArrayList<>();
    private final AlphaClipEncoder encoderA = proxy(AlphaClipEncoder.class, (p, m, a) -> {
        throw new UnsupportedOperationException();
    });
    private final ServiceReference<?> referenceA = proxy(ServiceReference.class, (p, m, a) -> switch (m.getName()) {
        case "hashCode" -> 1;
        case "equals" -> p == a[0];
        default -> throw new UnsupportedOperationException(m.getName());
    });
    private final BundleContext context = proxy(BundleContext.class, (p, m, a) -> switch (m.getName()) {
        case "getServiceReferences" -> {
            filters.add((String) a[1]);
            yield a[1].equals("(alphaclip.model=a)") ? List.of(referenceA) : List.of();
        }
        case "getService" -> encoderA;
        case "ungetService" -> released.add(a[0]);
        default -> throw new UnsupportedOperationException(m.getName());
    });
    private final ModelPackages models = proxy(ModelPackages.class, (p, m, a) -> switch (m.getName()) {
        case "defaultModel" -> info("a");
        case "resolve" -> info((String) a[0]);
        default -> throw new UnsupportedOperationException(m.getName());
    });

    @Test
    void leasesTheDefaultModelAndGivesItBack() throws Exception {
        try (EncoderLease lease = EncoderLeases.Lease.take(context, models, List.of())) {
            assertSame(encoderA, lease.encoder());
            assertEquals(List.of(), released);
        }
        assertEquals(List.of(referenceA), released);
    }

    @Test
    void aModelWithoutServiceFailsAndReleasesTheOnesTaken() {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> EncoderLeases.Lease.take(context, models, List.of("a", "b(*)")));
        assertEquals("Model package 'b(*)' has no encoder service", e.getMessage());
        assertEquals(List.of("(alphaclip.model=a)", "(alphaclip.model=b\\(\\*\\))"), filters);
        assertEquals(List.of(referenceA), released);
    }

    @Test
    void aClosedLeaseFailsFast() throws Exception {
        EncoderLease lease = EncoderLeases.Lease.take(context, models, List.of("a"));
        lease.close();
        lease.close();

        assertEquals("This encoder lease is closed; take a new one",
                assertThrows(IllegalStateException.class, lease::encoder).getMessage());
        assertEquals(List.of(referenceA), released);
    }

    private static ModelInfo info(String name) {
        return new ModelInfo(name, "a stand-in", Path.of(name), 8, new ModelInfo.VisionTower(32, 16, 8, 2, 2),
                new ModelInfo.TextTower(77, 49408, 8, 2, 2), new Preprocessing(32, "shortest-side", "bicubic", "center",
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f), 100,
                List.of("a photo of a {}."), new ModelInfo.TokenizerSpec("clip-bpe", "basic", "<|startoftext|>", "<|endoftext|>"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(EncoderLeasesTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
