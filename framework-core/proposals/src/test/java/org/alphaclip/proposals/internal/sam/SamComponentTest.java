package org.alphaclip.proposals.internal.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What the SAM component publishes: the proposer (ranked above the classical one) for a sound package, the
 * {@link SamUnavailable} status with a sentence for a missing or broken one, and the switch from one to
 * the other when the graphs turn out damaged on first use.
 */
class SamComponentTest {

    @TempDir
    static Path tmp;

    private static StandaloneSessions sessions;

    /** A service the fake framework holds. */
    record Registered(Object service, Dictionary<String, ?> properties, boolean[] unregistered) {
    }

    @BeforeAll
    static void open() {
        sessions = StandaloneSessions.open();
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    @Test
    void soundPackageIsPublishedWithTheTopRanking() throws Exception {
        Path home = tmp.resolve("home-ok");
        SamFixtures.writePackage(home.resolve("models/sam"));
        List<Registered> services = new ArrayList<>();
        SamComponent component = new SamComponent(context(home, services), sessions, config(Map.of()));
        assertEquals(1, services.size());
        assertInstanceOf(MaskProposer.class, services.get(0).service());
        assertEquals("sam", services.get(0).properties().get(MaskProposer.PROPERTY_NAME));
        assertEquals(SamComponent.RANKING, services.get(0).properties().get("service.ranking"));
        component.deactivate();
        assertTrue(services.get(0).unregistered()[0]);
    }

    @Test
    void missingPackagePublishesTheReason() {
        Path home = tmp.resolve("home-empty");
        List<Registered> services = new ArrayList<>();
        SamComponent component = new SamComponent(context(home, services), sessions, config(Map.of()));
        assertEquals(1, services.size());
        SamUnavailable status = assertInstanceOf(SamUnavailable.class, services.get(0).service());
        String expected = "SAM package missing at " + home.resolve("models/sam").toAbsolutePath();
        assertTrue(status.reason().startsWith(expected), status.reason());
        assertEquals(status.reason(), services.get(0).properties().get(SamComponent.PROPERTY_UNAVAILABLE));
        component.deactivate();
    }

    @Test
    void configuredFolderReplacesTheDefault() throws Exception {
        Path dir = SamFixtures.writePackage(tmp.resolve("elsewhere/sam"));
        List<Registered> services = new ArrayList<>();
        SamComponent component = new SamComponent(context(null, services), sessions,
                config(Map.of("packageDir", dir.toString(), "pointsPerSide", 16)));
        assertInstanceOf(MaskProposer.class, services.get(0).service());
        component.deactivate();
    }

    @Test
    void damagedGraphSwitchesToTheStatus() throws Exception {
        Path home = tmp.resolve("home-damaged");
        Path dir = SamFixtures.writePackage(home.resolve("models/sam"));
        byte[] bytes = Files.readAllBytes(dir.resolve("encoder.onnx"));
        bytes[bytes.length / 3] ^= 0x10;
        Files.write(dir.resolve("encoder.onnx"), bytes);
        List<Registered> services = new ArrayList<>();
        SamComponent component = new SamComponent(context(home, services), sessions, config(Map.of()));
        MaskProposer sam = (MaskProposer) services.get(0).service();
        ProposalException e = assertThrows(ProposalException.class, () -> sam.propose(
                new org.alphaclip.api.image.RgbImage(8, 8, new byte[8 * 8 * 3], null),
                ProposalRequest.forBoxes(List.of(new Region.Box(1, 1, 5, 5)))));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertTrue(services.get(0).unregistered()[0]);
        assertEquals(2, services.size());
        SamUnavailable status = assertInstanceOf(SamUnavailable.class, services.get(1).service());
        assertEquals(e.getMessage(), status.reason());
        component.deactivate();
        assertTrue(services.get(1).unregistered()[0]);
    }

    private static BundleContext context(Path home, List<Registered> services) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "alphaclip.home".equals(args[0]) && home != null ? home.toString() : null;
                    case "registerService" -> {
                        @SuppressWarnings("unchecked")
                        Registered r = new Registered(args[1], (Dictionary<String, ?>) args[2], new boolean[1]);
                        services.add(r);
                        yield Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        r.unregistered()[0] = true;
                                    }
                                    return null;
                                });
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SamComponent.Config config(Map<String, Object> values) {
        return (SamComponent.Config) Proxy.newProxyInstance(SamComponent.Config.class.getClassLoader(),
                new Class<?>[] {SamComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return SamComponent.Config.class;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }
}
