package org.alphaclip.core.internal.task;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installed bundles and a bundle context over them, as stand-ins: bundles have a name, version, location,
 * state, headers and (maybe) exported packages; start, stop and uninstall change their state; the system
 * bundle refreshes at once.
 */
final class FakeFramework {

    /** One installed bundle. */
    final class FakeBundle {
        final long id;
        final String symbolicName;
        final Version version;
        final String location;
        final boolean exportsPackages;
        final Hashtable<String, String> headers = new Hashtable<>();
        volatile int state = Bundle.ACTIVE;
        final Bundle bundle;

        FakeBundle(long id, String symbolicName, String version, String location, boolean exportsPackages) {
            this.id = id;
            this.symbolicName = symbolicName;
            this.version = Version.parseVersion(version);
            this.location = location;
            this.exportsPackages = exportsPackages;
            this.bundle = proxy(Bundle.class, (p, m, a) -> switch (m.getName()) {
                case "getBundleId" -> this.id;
                case "getSymbolicName" -> this.symbolicName;
                case "getVersion" -> this.version;
                case "getLocation" -> this.location;
                case "getState" -> state;
                case "getHeaders" -> headers;
                case "adapt" -> adapt((Class<?>) a[0]);
                case "stop" -> {
                    state = Bundle.RESOLVED;
                    yield null;
                }
                case "start" -> {
                    state = Bundle.ACTIVE;
                    yield null;
                }
                case "uninstall" -> {
                    state = Bundle.UNINSTALLED;
                    bundles.remove(this);
                    yield null;
                }
                case "hashCode" -> Long.hashCode(this.id);
                case "equals" -> p == a[0];
                case "toString" -> symbolicName + " " + version;
                default -> throw new UnsupportedOperationException("Bundle." + m.getName());
            });
        }

        /** Sets a manifest header. */
        FakeBundle header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        private Object adapt(Class<?> type) {
            if (type == BundleRevision.class) {
                BundleCapability export = proxy(BundleCapability.class, (p, m, a) -> {
                    throw new UnsupportedOperationException("BundleCapability." + m.getName());
                });
                return proxy(BundleRevision.class, (p, m, a) -> switch (m.getName()) {
                    case "getTypes" -> 0;
                    case "getDeclaredCapabilities" -> exportsPackages ? List.of(export) : List.of();
                    case "getWiring" -> null;
                    case "getDeclaredRequirements" -> List.of();
                    default -> throw new UnsupportedOperationException("BundleRevision." + m.getName());
                });
            }
            if (type == FrameworkWiring.class && id == 0) {
                return proxy(FrameworkWiring.class, (p, m, a) -> {
                    if (!m.getName().equals("refreshBundles")) {
                        throw new UnsupportedOperationException("FrameworkWiring." + m.getName());
                    }
                    for (FrameworkListener listener : (FrameworkListener[]) a[1]) {
                        listener.frameworkEvent(new FrameworkEvent(FrameworkEvent.PACKAGES_REFRESHED, bundle, null));
                    }
                    return null;
                });
            }
            throw new UnsupportedOperationException("adapt to " + type);
        }
    }

    final List<FakeBundle> bundles = new CopyOnWriteArrayList<>();
    /** The framework properties ({@code getProperty}). */
    final Map<String, String> properties = new HashMap<>();
    final List<BundleListener> listeners = new ArrayList<>();
    /** What getService gives for a service reference; a reference not here gives null, as for a failed component. */
    final Map<ServiceReference<?>, Object> services = new HashMap<>();
    final BundleContext context = proxy(BundleContext.class, (p, m, a) -> switch (m.getName()) {
        case "getBundles" -> bundles.stream().map(b -> b.bundle).toArray(Bundle[]::new);
        case "getBundle" -> bundles.stream().filter(b -> b.id == (long) a[0]).map(b -> b.bundle).findFirst().orElse(null);
        case "addBundleListener" -> listeners.add((BundleListener) a[0]);
        case "removeBundleListener" -> listeners.remove(a[0]);
        case "getService" -> services.get(a[0]);
        case "ungetService" -> services.containsKey(a[0]);
        case "getProperty" -> properties.get(a[0]);
        default -> throw new UnsupportedOperationException("BundleContext." + m.getName());
    });

    FakeFramework() {
        install(0, "org.eclipse.osgi", "3.23.0", "System Bundle", true);
    }

    /** Installs an active bundle. */
    FakeBundle install(long id, String symbolicName, String version, String location, boolean exportsPackages) {
        FakeBundle bundle = new FakeBundle(id, symbolicName, version, location, exportsPackages);
        bundles.add(bundle);
        return bundle;
    }

    /** A reference to a service registered by the bundle. */
    @SuppressWarnings("unchecked")
    <S> ServiceReference<S> reference(FakeBundle owner) {
        return proxy(ServiceReference.class, (p, m, a) -> switch (m.getName()) {
            case "getBundle" -> owner.bundle;
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == a[0];
            default -> throw new UnsupportedOperationException("ServiceReference." + m.getName());
        });
    }

    /** Tells the listeners, as the framework does after a change. */
    void fire(int type, FakeBundle bundle) {
        List.copyOf(listeners).forEach(l -> l.bundleChanged(new BundleEvent(type, bundle.bundle)));
    }

    static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(FakeFramework.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
