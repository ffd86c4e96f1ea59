package org.alphaclip.it.djlprobe;

import java.util.Hashtable;
import java.util.function.Supplier;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * A test bundle that publishes the DJL engines visible inside the framework, e.g. {@code [PyTorch, Rust]}, and a sum
 * computed by the PyTorch engine (whose natives the platform bundle unpacks on first use).
 */
public final class DjlProbeActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Supplier<String> engines = () -> String.valueOf(new java.util.TreeSet<>(Engine.getAllEngines()));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("probe", "djl");
        context.registerService(Supplier.class.getName(), engines, properties);
        Supplier<String> torchSum = () -> {
            try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
                return String.valueOf(manager.create(new float[] {2f, 3f}).sum().getFloat());
            }
        };
        Hashtable<String, Object> torch = new Hashtable<>();
        torch.put("probe", "torch");
        context.registerService(Supplier.class.getName(), torchSum, torch);
    }

    @Override
    public void stop(BundleContext context) {
        // the service is unregistered with the bundle
    }
}
