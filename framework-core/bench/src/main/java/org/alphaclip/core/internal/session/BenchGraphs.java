package org.alphaclip.core.internal.session;

import java.io.IOException;
import java.nio.file.Path;

import org.alphaclip.sdk.session.OnnxGraphs;

/**
 * Graphs for benchmarks, written by the core's package-private {@link OnnxGraphs}; this class sits in the
 * core's package, split across jars on the plain class path, to reach it.
 */
public final class BenchGraphs {

    private BenchGraphs() {
    }

    /** Writes the graph {@code y[batch, size] = x[batch, size] · w[size, size]} (float32, random weights). */
    public static void writeMatMul(Path file, int size) throws IOException {
        OnnxGraphs.writeMatMul(file, size, size, 1);
    }
}
