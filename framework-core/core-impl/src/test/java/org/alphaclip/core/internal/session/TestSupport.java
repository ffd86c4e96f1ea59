package org.alphaclip.core.internal.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.testing.FixtureSets;

import com.google.gson.JsonParser;

/** Fixture paths, settings, inputs and log capture shared by the session tests and the bench. */
final class TestSupport {

    private TestSupport() {
    }

    /** The Alpha-CLIP reference set under the fixture root ({@link FixtureSets}). */
    static Path fixtures() {
        return FixtureSets.set("alphaclip-reference");
    }

    /** A number of the set's config.json, e.g. {@code image_resolution} or {@code embed_dim}. */
    static int config(String key) {
        try {
            return JsonParser.parseString(Files.readString(fixtures().resolve("config.json"))).getAsJsonObject().get(key)
                    .getAsInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path visualModel() {
        return fixtures().resolve("onnx/alphaclip_visual.onnx");
    }

    static Path textModel() {
        return fixtures().resolve("onnx/clip_text.onnx");
    }

    /** Settings with small limits for tests: one thread per inference. */
    static Settings settings() {
        return new Settings();
    }

    /** One visual-model request of batch size 1 with random pixels and a constant alpha. */
    static Map<String, Tensor> visualInputs(long seed) {
        int r = config("image_resolution");
        Random random = new Random(seed);
        float[] image = new float[3 * r * r];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (random.nextGaussian());
        }
        float[] alpha = new float[r * r];
        Arrays.fill(alpha, random.nextBoolean() ? 1.923077f : -1.923077f);
        return Map.of("image", new FloatTensor(new long[] { 1, 3, r, r }, image), "alpha",
                new FloatTensor(new long[] { 1, 1, r, r }, alpha));
    }

    /** A float row vector {@code [1, n]} of random values. */
    static FloatTensor row(int n, long seed) {
        Random random = new Random(seed);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(new long[] { 1, n }, data);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** A fluent builder of {@link SessionSettings}. */
    static final class Settings {
        private String device = "cpu";
        private int maxConcurrent = 2;
        private int queueLimit = 64;
        private int maxBatchSize = 1;
        private Duration maxBatchDelay = Duration.ZERO;
        private Duration idleTimeout = Duration.ofSeconds(60);

        Settings device(String name) {
            device = name;
            return this;
        }

        Settings queue(int concurrent, int limit) {
            maxConcurrent = concurrent;
            queueLimit = limit;
            return this;
        }

        Settings batching(int size, Duration delay) {
            maxBatchSize = size;
            maxBatchDelay = delay;
            return this;
        }

        Settings idleTimeout(Duration timeout) {
            idleTimeout = timeout;
            return this;
        }

        SessionSettings build() {
            return new SessionSettings(device, 1, true, false, 0, "kNextPowerOfTwo", "EXHAUSTIVE", maxConcurrent, queueLimit,
                    maxBatchSize, maxBatchDelay, idleTimeout);
        }
    }

    /** Collects what the session package logs while open, instead of printing it. */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger = Logger.getLogger("org.alphaclip.core.internal.session");
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        LogCapture() {
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }

        List<String> warnings() {
            return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(true);
        }
    }
}
