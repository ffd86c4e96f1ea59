package org.alphaclip.world.internal.command;

import java.util.Collection;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelPackages;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * An {@link AlphaClipEncoder} service obtained for one command, selected by
 * {@code (alphaclip.model=NAME)} or, without a name, by {@code (alphaclip.default=true)}; closing
 * releases the service.
 */
final class EncoderLease implements AutoCloseable {

    private final BundleContext context;
    private final ServiceReference<AlphaClipEncoder> reference;
    private final AlphaClipEncoder encoder;

    private EncoderLease(BundleContext context, ServiceReference<AlphaClipEncoder> reference, AlphaClipEncoder encoder) {
        this.context = context;
        this.reference = reference;
        this.encoder = encoder;
    }

    /**
     * The encoder of a model package name or folder (resolved through the model registry), or of the
     * default model when {@code model} is empty.
     */
    static EncoderLease acquire(BundleContext context, ModelPackages models, String model)
            throws InvalidModelException {
        String filter = model.isEmpty() ? "(" + AlphaClipEncoder.PROPERTY_DEFAULT + "=true)"
                : "(" + AlphaClipEncoder.PROPERTY_MODEL + "=" + escape(models.resolve(model).name()) + ")";
        Collection<ServiceReference<AlphaClipEncoder>> references;
        try {
            references = context.getServiceReferences(AlphaClipEncoder.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Invalid model name '" + model + "'", e);
        }
        for (ServiceReference<AlphaClipEncoder> reference : references) {
            AlphaClipEncoder encoder = context.getService(reference);
            if (encoder != null) {
                return new EncoderLease(context, reference, encoder);
            }
        }
        throw new InvalidModelException(model.isEmpty() ? "No default model: put a model package in the models "
                + "folder or pass --model" : "Model package '" + model + "' has no encoder service");
    }

    AlphaClipEncoder encoder() {
        return encoder;
    }

    @Override
    public void close() {
        context.ungetService(reference);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
