package org.alphaclip.core.internal.task;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Keeps one version of each bundle running ({@link DuplicateBundles}): whenever bundles are installed,
 * started, updated or uninstalled, an older version that a newer one supersedes is stopped, with one
 * warning naming both; when the newer version goes away, an older one stopped here is started again.
 */
@Component(service = {}, immediate = true)
public final class DuplicateBundleGuard {

    private static final Logger LOG = Logger.getLogger("org.alphaclip.core.bundles");

    private final BundleContext context;
    private final BundleListener listener = this::bundleChanged;
    /** The pairs already warned about, as "older>newer" bundle ids. Guarded by {@code this}. */
    private final Set<String> warned = new HashSet<>();
    /** The bundles this guard stopped, to start again once nothing supersedes them. Guarded by {@code this}. */
    private final Set<Long> stoppedHere = new HashSet<>();

    /** Checks the bundles installed now, then on every change. */
    @Activate
    public DuplicateBundleGuard(BundleContext context) {
        this.context = context;
        context.addBundleListener(listener);
        reconcile();
    }

    @Deactivate
    void stop() {
        context.removeBundleListener(listener);
    }

    private void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.RESOLVED, BundleEvent.STARTED, BundleEvent.UPDATED,
                    BundleEvent.UNINSTALLED -> reconcile();
            default -> {
                // stopping, unresolving and lazy activation change no version
            }
        }
    }

    /** Stops superseded versions that run, and starts again those stopped here that nothing supersedes now. */
    synchronized void reconcile() {
        List<DuplicateBundles.Superseded> superseded = DuplicateBundles.find(Arrays.stream(context.getBundles())
                .map(DuplicateBundles.Installed::of).flatMap(Optional::stream).toList());
        Set<String> pairs = new HashSet<>();
        for (DuplicateBundles.Superseded pair : superseded) {
            String key = pair.older().id() + ">" + pair.newer().id();
            pairs.add(key);
            if (warned.add(key)) {
                LOG.warning(pair.warning());
            }
            Bundle older = context.getBundle(pair.older().id());
            if (older != null && (older.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                try {
                    older.stop();
                    stoppedHere.add(older.getBundleId());
                } catch (BundleException | IllegalStateException e) {
                    LOG.warning("Cannot stop " + older.getSymbolicName() + " " + older.getVersion() + " (bundle "
                            + older.getBundleId() + "): " + e.getMessage());
                }
            }
        }
        warned.retainAll(pairs);
        Set<Long> stillSuperseded = superseded.stream().map(s -> s.older().id()).collect(Collectors.toSet());
        for (Long id : List.copyOf(stoppedHere)) {
            if (stillSuperseded.contains(id)) {
                continue;
            }
            stoppedHere.remove(id);
            Bundle bundle = context.getBundle(id);
            if (bundle != null && bundle.getState() != Bundle.UNINSTALLED) {
                try {
                    bundle.start();
                    LOG.info("Bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + id
                            + ") runs again: no newer version of it is installed any more");
                } catch (BundleException | IllegalStateException e) {
                    LOG.warning("Cannot start " + bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + id
                            + ") again: " + e.getMessage());
                }
            }
        }
    }
}
