package org.alphaclip.command.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The {@link AlphaClipEncoder} services of the models one command uses, taken from the service registry
 * by {@code (alphaclip.model=NAME)} and given back when closed.
 */
public final class EncoderLease implements AutoCloseable {

    private final BundleContext context;
    private final List<ServiceReference<AlphaClipEncoder>> references = new ArrayList<>();
    private final List<AlphaClipEncoder> encoders = new ArrayList<>();

    private EncoderLease(BundleContext context) {
        this.context = context;
    }

    /**
     * The encoder of a model package name or folder (resolved, and for a folder loaded, through
     * {@code models}), or of the default model when {@code model} is empty.
     */
    public static EncoderLease acquire(BundleContext context, ModelPackages models, String model)
            throws InvalidModelException {
        return acquire(context, models, model.isEmpty() ? List.of() : List.of(model));
    }

    /** The encoders of several models in the given order, or of the default model when the list is empty. */
    public static EncoderLease acquire(BundleContext context, ModelPackages models, List<String> names)
            throws InvalidModelException {
        EncoderLease lease = new EncoderLease(context);
        try {
            if (names.isEmpty()) {
                lease.add(models.defaultModel());
            }
            for (String name : names) {
                lease.add(models.resolve(name));
            }
            return lease;
        } catch (InvalidModelException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The first (or only) model's encoder. */
    public AlphaClipEncoder encoder() {
        return encoders.get(0);
    }

    /** Every model's encoder, in the order asked for. */
    public List<AlphaClipEncoder> encoders() {
        return List.copyOf(encoders);
    }

    private void add(ModelInfo info) throws InvalidModelException {
        Collection<ServiceReference<AlphaClipEncoder>> found;
        try {
            found = context.getServiceReferences(AlphaClipEncoder.class,
                    CommandArguments.equalsFilter(AlphaClipEncoder.PROPERTY_MODEL, info.name()));
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

    @Override
    public void close() {
        references.forEach(context::ungetService);
        references.clear();
        encoders.clear();
    }
}
