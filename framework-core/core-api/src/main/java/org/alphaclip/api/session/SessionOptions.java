package org.alphaclip.api.session;

/**
 * How a session is built. Sessions are shared only between users asking for equal options.
 *
 * @param device {@code default} (the configured device), {@code cpu} or {@code cuda:N}
 * @param intraOpThreads threads per inference, 0 for the device's configured number
 * @param optimization ONNX Runtime graph optimisation level
 */
public record SessionOptions(String device, int intraOpThreads, Optimization optimization) {

    /** The configured default device, its thread count, all optimisations. */
    public static final SessionOptions DEFAULT = new SessionOptions("default", 0, Optimization.ALL);

    /** Checks the values. */
    public SessionOptions {
        if (device == null || device.isBlank()) {
            device = "default";
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (device default) or positive, got " + intraOpThreads);
        }
        if (optimization == null) {
            optimization = Optimization.ALL;
        }
    }

    /** The same options on another device. */
    public SessionOptions onDevice(String deviceName) {
        return new SessionOptions(deviceName, intraOpThreads, optimization);
    }

    /** ONNX Runtime graph optimisation levels. */
    public enum Optimization {
        /** No graph rewriting. */
        NONE,
        /** Constant folding and redundant node removal. */
        BASIC,
        /** Basic plus node fusions. */
        EXTENDED,
        /** Every optimisation, layout ones included. */
        ALL
    }
}
