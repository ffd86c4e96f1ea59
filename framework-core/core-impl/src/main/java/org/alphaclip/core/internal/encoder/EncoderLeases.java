package org.alphaclip.core.internal.encoder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * {@link AlphaClipEncoders}: one instance per using bundle (bundle scope), which takes the encoder services
 * with that bundle's context, so the framework gives them back if the bundle stops without closing a lease.
 */
@Component(service = AlphaClipEncoders.class, scope = ServiceScope.BUNDLE)
public final class EncoderLeases implements AlphaClipEncoders {

    private final BundleContext user;
    private final ModelPackages models;

    /** Leases for the bundle that got this service. */
    @Activate
    public EncoderLeases(ComponentContext component, @Reference ModelPackages models) {
        this.user = component.getUsingBundle().getBundleContext();
        this.models = models;
    }

    @Override
    public EncoderLease lease(String model) throws InvalidModelException {
        return lease(model.isEmpty() ? List.of() : List.of(model));
    }

    @Override
    public EncoderLease lease(List<String> names) throws InvalidModelException {
        return Lease.take(user, models, names);
    }

    /** The encoder services of one lease, given back when closed. */
    static final class Lease implements EncoderLease {
        private final BundleContext context;
        private final List<ServiceReference<AlphaClipEncoder>> references = new ArrayList<>();
        private final List<AlphaClipEncoder> encoders = new ArrayList<>();
        private boolean closed;

        private Lease(BundleContext context) {
            this.context = context;
        }

        static Lease take(BundleContext context, ModelPackages models, List<String> names) throws InvalidModelException {
            Lease lease = new Lease(context);
            try {
                if (names.isEmpty()) {
                    lease.add(models.defaultModel());
                }
                for (String name : names) {
                    if (name.isBlank()) {
                        throw new InvalidModelException("A model name is empty; give package names or folders");
                    }
                    lease.add(models.resolve(name));
                }
                return lease;
            } catch (InvalidModelException | RuntimeException e) {
                lease.close();
                throw e;
            }
        }

        @Override
        public synchronized AlphaClipEncoder encoder() {
            checkOpen();
            return encoders.get(0);
        }

        @Override
        public synchronized List<AlphaClipEncoder> encoders() {
            checkOpen();
            return List.copyOf(encoders);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                references.forEach(reference -> {
                    try {
                        context.ungetService(reference);
                    } catch (IllegalStateException bundleStopped) {
                        // the framework has given the services back already
                    }
                });
                references.clear();
                encoders.clear();
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("This encoder lease is closed; take a new one");
            }
        }

        private void add(ModelInfo info) throws InvalidModelException {
            Collection<ServiceReference<AlphaClipEncoder>> found;
            try {
                found = context.getServiceReferences(AlphaClipEncoder.class,
                        "(" + AlphaClipEncoder.PROPERTY_MODEL + "=" + escape(info.name()) + ")");
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException("Escaped filter rejected for model '" + info.name() + "'", e);
            }
            for (ServiceReference<AlphaClipEncoder> reference : found) {
                AlphaClipEncoder encoder = context.getService(reference);
                if (encoder != null) {
                    references.add(reference);
                    encoders.add(encoder);
                    return;
                }
            }
            throw new InvalidModelException("Model package '" + info.name() + "' has no encoder service");
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
        }
    }
}
