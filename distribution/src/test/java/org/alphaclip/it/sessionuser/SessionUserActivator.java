package org.alphaclip.it.sessionuser;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.function.Supplier;

import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A test bundle that holds a session handle on the model named by {@code probe.model} and publishes a
 * {@code Supplier<String>} describing that model's shared session: how many sessions exist for its
 * content, how many handles, which bundles hold them.
 */
public final class SessionUserActivator implements BundleActivator {

    private SessionHandle handle;

    @Override
    public void start(BundleContext context) throws Exception {
        ServiceReference<InferenceSessions> ref = context.getServiceReference(InferenceSessions.class);
        InferenceSessions sessions = context.getService(ref);
        handle = sessions.acquire(Path.of(context.getProperty("probe.model")), SessionOptions.DEFAULT);
        String sha = handle.modelSha256();
        Supplier<String> report = () -> {
            long count = sessions.sessions().stream().filter(s -> s.modelSha256().equals(sha)).count();
            SessionStatus status = sessions.sessions().stream().filter(s -> s.modelSha256().equals(sha)).findFirst().orElseThrow();
            return "sessions=" + count + " handles=" + status.handleCount() + " users=" + new java.util.TreeSet<>(status.userNames());
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("probe", "session-user");
        properties.put("name", context.getBundle().getSymbolicName());
        context.registerService(Supplier.class.getName(), report, properties);
    }

    @Override
    public void stop(BundleContext context) {
        if (!Boolean.getBoolean("probe.leak") && !"true".equals(context.getProperty("probe.leak"))) {
            handle.close();
        }
    }
}
