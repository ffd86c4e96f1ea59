package org.alphaclip.pointe.internal.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.pointe.internal.pkg.PointePackage;
import org.alphaclip.sdk.session.Timings;

/**
 * {@code pointe:bench}'s model timings: one forward of each stage's transformer with the guidance pair batched
 * ({@code [2, 6, N]}, the call the sampler makes), against the FLOP floor from ONNX Runtime's own MatMul rate on the
 * same sessions.
 */
public final class PointeBenchmark {

    /** The MatMul of the FLOP floor: large enough that ONNX Runtime runs at its full rate on both cores. */
    private static final int MATMUL_SIZE = 2048;
    private static final int MATMUL_RUNS = 7;

    /**
     * One stage's forward.
     *
     * @param stage {@code base} or {@code upsampler}
     * @param milliseconds the median time of one guided forward (two samples)
     * @param flopsPerSample the exporter's count for one sample, 0 when unknown
     */
    public record Row(String stage, double milliseconds, long flopsPerSample) {
        /** Achieved GFLOP/s, NaN when the FLOPs are unknown. */
        public double gflops() {
            return flopsPerSample == 0 ? Double.NaN : 2.0 * flopsPerSample / milliseconds / 1e6;
        }
    }

    /**
     * The measurements.
     *
     * @param rows one per stage
     * @param matMulGflops ONNX Runtime's MatMul rate on these sessions
     */
    public record Result(List<Row> rows, double matMulGflops) {
        /** Copies the rows. */
        public Result {
            rows = List.copyOf(rows);
        }
    }

    private final InferenceSessions sessions;
    private final PointePackage pkg;
    private final int runs;

    /** A benchmark of a package's transformers with {@code runs} measured runs per setting. */
    public PointeBenchmark(InferenceSessions sessions, PointePackage pkg, int runs) {
        this.sessions = sessions;
        this.pkg = pkg;
        this.runs = runs;
    }

    /** Measures the MatMul rate, then each stage. */
    public Result run() throws IOException, InvalidModelException, SessionException {
        double matMul = Timings.matMulGflops(sessions, MATMUL_SIZE, Math.max(runs, MATMUL_RUNS));
        int width = pkg.info().gridWidth();
        int tokens = pkg.info().gridTokens();
        int base = pkg.info().basePoints();
        List<Row> rows = new ArrayList<>();
        FloatTensor grid = Timings.uniform(new long[] {2, width, tokens}, 1);
        try (PointTransformer model = PointTransformer.open(sessions, pkg.base(), false)) {
            FloatTensor x = Timings.uniform(new long[] {2, 6, base}, 2);
            rows.add(new Row("base", Timings.medianMillis(runs, () -> model.predict(x, new long[] {500, 500}, grid, null)),
                    pkg.baseFlops()));
        }
        if (pkg.upsampler() != null) {
            int up = pkg.info().upsampledPoints();
            try (PointTransformer model = PointTransformer.open(sessions, pkg.upsampler(), true)) {
                FloatTensor x = Timings.uniform(new long[] {2, 6, up}, 3);
                FloatTensor low = Timings.uniform(new long[] {2, 6, base}, 4);
                rows.add(new Row("upsampler", Timings.medianMillis(runs,
                        () -> model.predict(x, new long[] {500, 500}, grid, low)), pkg.upsamplerFlops()));
            }
        }
        return new Result(rows, matMul);
    }

    /**
     * The table as the command prints it.
     *
     * @param secondsPerCloud measured seconds per cloud by setting ({@code base}, {@code base + upsampler})
     * @param calls denoiser calls per stage (2 steps - 1)
     */
    public static String table(String model, Result result, List<String> settings, List<Double> secondsPerCloud,
            int calls, long residentBytes) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "pointe:bench %s%n", model));
        out.append("| stage | GFLOP per guided forward | ms per guided forward | forwards/s | GFLOP/s | FLOP floor ms |"
                + " share of the MatMul rate |").append(nl);
        out.append("|---|---:|---:|---:|---:|---:|---:|").append(nl);
        for (Row row : result.rows()) {
            double gflop = 2.0 * row.flopsPerSample() / 1e9;
            out.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.1f | %.1f | %.2f | %.0f %% |%n", row.stage(), gflop,
                    row.milliseconds(), 1000 / row.milliseconds(), row.gflops(), gflop / result.matMulGflops() * 1000,
                    100 * row.gflops() / result.matMulGflops()));
        }
        out.append(String.format(Locale.ROOT, "ONNX Runtime MatMul %1$d x %1$d · %1$d x %1$d float32 on these sessions: %2$.1f"
                + " GFLOP/s%n", MATMUL_SIZE, result.matMulGflops()));
        for (int i = 0; i < settings.size(); i++) {
            out.append(String.format(Locale.ROOT, "one cloud, %s (%d denoiser calls per stage): %.2f s%n", settings.get(i),
                    calls, secondsPerCloud.get(i)));
        }
        out.append(String.format(Locale.ROOT, "memory: resident %.0f MB", residentBytes / 1e6));
        return out.toString();
    }
}
