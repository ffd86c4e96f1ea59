package org.alphaclip.core.internal.task;

import java.util.List;

import org.osgi.framework.Bundle;

/**
 * The bundles the distribution installs and the shell must leave alone: the framework itself, the API, SDK
 * and text-repair bundles every plugin imports, the core and the ONNX Runtime platform.
 */
final class PlatformBundles {

    private static final List<String> PREFIXES = List.of("org.alphaclip.core", "org.alphaclip.platform",
            "org.alphaclip.sdk", "org.alphaclip.text.repair");

    private PlatformBundles() {
    }

    /** Whether the bundle is part of the platform. */
    static boolean contains(Bundle bundle) {
        return bundle.getBundleId() == 0 || isPlatformName(bundle.getSymbolicName());
    }

    /** Whether a symbolic name is one of the platform's. */
    static boolean isPlatformName(String symbolicName) {
        return symbolicName != null && PREFIXES.stream().anyMatch(symbolicName::startsWith);
    }
}
