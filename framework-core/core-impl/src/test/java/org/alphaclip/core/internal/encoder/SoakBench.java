package org.alphaclip.core.internal.encoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;

/**
 * Soak benchmark (a main, not a test): 10,000 encode requests from 4 client threads through the shared
 * sessions and the dynamic batcher, with resident memory (VmRSS) after a warm-up and at the end.
 * Target: growth under 5%.
 *
 * <pre>
 * mvn -q -o test-compile -pl framework-core/core-impl
 * java -cp "$(cat cp.txt):framework-core/core-impl/target/classes:framework-core/core-impl/target/test-classes" \
 *     org.alphaclip.core.internal.encoder.SoakBench [package-dir] [requests]
 * </pre>
 */
public final class SoakBench {

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        Path packageDir = Path.of(args.length > 0 ? args[0] : "framework-core/core-impl/target/test-models/fixture-full");
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int warmup = requests / 10;
        try (StandaloneSessions sessions = StandaloneSessions.open();
                OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(ModelPackageReader.read(packageDir), sessions)) {
            run(encoder, warmup, 1);
            System.gc();
            long before = rssKiB();
            long start = System.nanoTime();
            run(encoder, requests, 2);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            long after = rssKiB();
            System.out.printf(Locale.ROOT, "| requests | clients | requests/s | RSS after warm-up | RSS at end | growth |%n");
            System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| %d | 4 | %.0f | %.1f MiB | %.1f MiB | %+.2f%% |%n", requests, requests / seconds,
                    before / 1024.0, after / 1024.0, 100.0 * (after - before) / before);
        }
    }

    private static void run(OnnxAlphaClipEncoder encoder, int requests, long seed) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                long clientSeed = seed * 31 + c;
                work.add(clients.submit(() -> {
                    Random random = new Random(clientSeed);
                    while (next.getAndIncrement() < requests) {
                        int w = 64 + random.nextInt(200);
                        int h = 64 + random.nextInt(200);
                        byte[] rgb = new byte[w * h * 3];
                        random.nextBytes(rgb);
                        encoder.encodeImages(List.of(new RegionImage(new RgbImage(w, h, rgb, null),
                                new Region.Box(w / 4.0, h / 4.0, w * 0.75, h * 0.75))), EncodeOptions.DEFAULT);
                        encoder.encodeTexts(List.of("a photo number " + random.nextInt(100)), true);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
    }

    private static long rssKiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
