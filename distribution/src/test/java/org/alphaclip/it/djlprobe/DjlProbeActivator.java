package org.alphaclip.it.djlprobe;

import java.util.Hashtable;
import java.util.function.Supplier;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import ai.djl.engine.Engine;

/** A test bundle that publishes the DJL engines visible inside the framework, e.g. {@code [Rust]}. */
public final class DjlProbeActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Supplier<String> engines = () -> String.valueOf(new java.util.TreeSet<>(Engine.getAllEngines()));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("probe", "djl");
        context.registerService(Supplier.class.getName(), engines, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the service is unregistered with the bundle
    }
}
