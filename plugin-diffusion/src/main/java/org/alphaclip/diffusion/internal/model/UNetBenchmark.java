package org.alphaclip.diffusion.internal.model;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.diffusion.internal.pkg.DiffusionPackage;
import org.alphaclip.sdk.session.Timings;

/**
 * The UNet's speed on the shared sessions against ONNX Runtime's own matrix-multiply rate: one evaluation at batch 1
 * (unguided), the classifier-free-guidance pair as one batch of 2 and as two batch-1 calls, each the median of several
 * runs after a warm-up, at the package's sample size with a one-token context; the achieved FLOP rate from the
 * exporter's count of the UNet's operations, and the FLOP floor (the time at the MatMul rate). The MatMul rate is
 * measured on a 1024 x 1024 · 1024 x 1024 float32 MatMul graph on the same sessions (same device and threads).
 */
public final class UNetBenchmark {

    private static final int MATMUL_SIZE = 1024;

    /**
     * One measured setting.
     *
     * @param setting what ran
     * @param samples samples per call
     * @param milliseconds median milliseconds per setting (all its calls)
     */
    public record Row(String setting, int samples, double milliseconds) {
    }

    /**
     * The measurements.
     *
     * @param rows batch 1, the pair batched, the pair as two calls
     * @param flopsPerSample the exporter's count, 0 when unknown
     * @param matMulGflops ONNX Runtime's MatMul rate on these sessions
     */
    public record Result(List<Row> rows, long flopsPerSample, double matMulGflops) {
        /** Copies the rows. */
        public Result {
            rows = List.copyOf(rows);
        }

        /** The achieved GFLOP/s of a row, or NaN without a FLOP count. */
        public double gflops(Row row) {
            return flopsPerSample == 0 ? Double.NaN : flopsPerSample * row.samples() / row.milliseconds() / 1e6;
        }

        /** The milliseconds of a row at the MatMul rate, or NaN without a FLOP count. */
        public double floorMilliseconds(Row row) {
            return flopsPerSample == 0 ? Double.NaN : flopsPerSample * row.samples() / matMulGflops / 1e6;
        }
    }

    private final InferenceSessions sessions;
    private final DiffusionPackage pkg;
    private final int runs;

    /** A benchmark of a package's UNet on the sessions, {@code runs} measured runs per setting. */
    public UNetBenchmark(InferenceSessions sessions, DiffusionPackage pkg, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        this.sessions = sessions;
        this.pkg = pkg;
        this.runs = runs;
    }

    /** Measures the MatMul rate, then the UNet settings. */
    public Result run() throws IOException, InvalidModelException, SessionException {
        double matMul = Timings.matMulGflops(sessions, MATMUL_SIZE, runs);
        int c = pkg.latentChannels();
        int side = pkg.latentSize();
        int dim = pkg.contextWidth();
        int length = pkg.contextLength();
        try (UNet unet = UNet.open(sessions, pkg.unet())) {
            FloatTensor one = Timings.uniform(new long[] {1, c, side, side}, 1);
            FloatTensor pair = Timings.uniform(new long[] {2, c, side, side}, 2);
            FloatTensor context1 = Timings.uniform(new long[] {1, length, dim}, 3);
            FloatTensor context2 = Timings.uniform(new long[] {2, length, dim}, 4);
            double[] t = {500};
            double single = median(() -> unet.predict(one, t, context1));
            double batched = median(() -> unet.predict(pair, t, context2));
            double twice = median(() -> {
                unet.predict(one, t, context1);
                unet.predict(one, t, context1);
            });
            return new Result(List.of(new Row("batch 1 (unguided)", 1, single),
                    new Row("guidance pair, one batch of 2", 2, batched),
                    new Row("guidance pair, two batch-1 calls", 2, twice)), pkg.unetFlopsPerSample(), matMul);
        }
    }

    private double median(Timings.Work work) throws SessionException {
        return Timings.medianMillis(runs, work);
    }

    /** The table as the command prints it. */
    public static String table(String model, Result result, double secondsPerImage, int steps, double guidance,
            long residentBytes) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "diffusion:bench %s: UNet %s per sample%n", model,
                result.flopsPerSample() == 0 ? "(FLOPs unknown: re-export the package for the FLOP columns)"
                        : String.format(Locale.ROOT, "%.3f GFLOP", result.flopsPerSample() / 1e9)));
        out.append("| setting | samples | ms | UNet steps/s | GFLOP/s | FLOP floor ms | share of the MatMul rate |").append(nl);
        out.append("|---|---:|---:|---:|---:|---:|---:|").append(nl);
        for (Row row : result.rows()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f | %.1f | %.2f | %.0f %% |%n", row.setting(),
                    row.samples(), row.milliseconds(), 1000 / row.milliseconds(), result.gflops(row),
                    result.floorMilliseconds(row), 100 * result.gflops(row) / result.matMulGflops()));
        }
        out.append(String.format(Locale.ROOT, "ONNX Runtime MatMul %1$d x %1$d · %1$d x %1$d float32 on these sessions: %2$.1f"
                + " GFLOP/s%n", MATMUL_SIZE, result.matMulGflops()));
        out.append(String.format(Locale.ROOT, "one image (%d steps, guidance %.1f, decoding included): %.2f s; memory:"
                + " resident %.0f MB", steps, guidance, secondsPerImage, residentBytes / 1e6));
        return out.toString();
    }
}
