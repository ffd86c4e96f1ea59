package org.alphaclip.spark;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;

/**
 * A component's typed configuration with every attribute at its declared default, for parts built outside a
 * framework: the executors then work with exactly the settings an application without configuration has.
 */
final class ConfigDefaults {

    private ConfigDefaults() {
    }

    /** An instance of the configuration annotation answering each attribute with its default. */
    static <A extends Annotation> A of(Class<A> type) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Object value = method.getDefaultValue();
            if (value != null) {
                return value;
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> "defaults of " + type.getName();
                case "hashCode" -> type.hashCode();
                case "equals" -> self == args[0];
                default -> throw new IllegalStateException(type.getName() + "." + method.getName() + " has no default");
            };
        });
        return type.cast(proxy);
    }
}
