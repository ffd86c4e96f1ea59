package org.alphaclip.shell.internal;

import java.util.Arrays;
import java.util.Comparator;

import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets Gogo's own bundle commands ({@code update}, {@code uninstall}, {@code start}, {@code stop},
 * {@code headers}, ...) take a bundle the way users name one: its id ({@code 30}), its symbolic name (the
 * highest installed version) or its location. Without a converter Gogo cannot turn a word into a
 * {@link Bundle} and refuses the command with "Cannot coerce".
 */
@Component(service = Converter.class, property = Converter.CONVERTER_CLASSES + "=org.osgi.framework.Bundle")
public final class BundleConverter implements Converter {

    private final BundleContext context;

    /** Looks bundles up in this framework. */
    @Activate
    public BundleConverter(BundleContext context) {
        this.context = context;
    }

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (desiredType != Bundle.class || in == null) {
            return null;
        }
        if (in instanceof Number number) {
            return context.getBundle(number.longValue());
        }
        String text = in.toString().strip();
        if (text.matches("\\d{1,18}")) {
            return context.getBundle(Long.parseLong(text));
        }
        Bundle byLocation = context.getBundle(text);
        if (byLocation != null) {
            return byLocation;
        }
        return Arrays.stream(context.getBundles()).filter(b -> text.equals(b.getSymbolicName()))
                .max(Comparator.comparing(Bundle::getVersion)).orElse(null);
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        return null;
    }
}
