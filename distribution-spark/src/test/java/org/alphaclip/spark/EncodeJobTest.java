package org.alphaclip.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.RegionImage;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encode and classify jobs on Spark {@code local[2]} against the single-JVM encoder and classifier on the same
 * inputs: equal embeddings and probabilities, unreadable images listed with their error, one encoder per executor
 * JVM, a restarted job with {@code --resume} encoding only what is missing (nothing lost, nothing twice), and an
 * existing output refused without it.
 */
class EncodeJobTest {

    private static final String MODEL = System.getProperty("spark.test.encoder");

    @TempDir
    static Path work;
    private static SparkSession spark;
    private static Path list;
    private static List<String> lines;

    @BeforeAll
    static void setUp() throws Exception {
        Random random = new Random(5);
        lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            BufferedImage image = new BufferedImage(96, 80, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillRect(0, 0, 96, 80);
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillOval(random.nextInt(40), random.nextInt(30), 30 + random.nextInt(20), 30 + random.nextInt(20));
            g.dispose();
            Path file = work.resolve("image-" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            lines.add(file + (i % 3 == 0 ? "\t10,10,60,50" : ""));
        }
        Path broken = Files.writeString(work.resolve("broken.png"), "not an image");
        lines.add(broken.toString());
        list = Files.write(work.resolve("images.txt"), lines);
        spark = SparkSession.builder().master("local[2]").appName("encode-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    private static Map<String, Row> output(Path out) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
            Row previous = rows.put(row.getString(0) + "|" + row.getString(1), row);
            assertNull(previous, "no item twice: " + row.getString(0));
        }
        return rows;
    }

    @Test
    void embeddingsEqualTheSingleJvmEncoderAndBadImagesAreListed() throws Exception {
        Path out = work.resolve("out-all");
        assertEquals(13, EncodeJob.run(spark, list, MODEL, out.toString(), false, new JobShape(4, 3, 5)));
        Map<String, Row> rows = output(out);
        assertEquals(13, rows.size());
        assertEquals(1, ExecutorEncoders.opened(), "one encoder in this (executor) JVM for every task");
        ImageFileReader reader = new ImageFileReader(100_000_000L);
        try (StandaloneSessions sessions = StandaloneSessions.cpu(2);
                OnnxAlphaClipEncoder single = new OnnxAlphaClipEncoder(ModelPackageReader.read(Path.of(MODEL)), sessions)) {
            for (String line : lines) {
                String[] parts = line.split("\t", 2);
                String region = parts.length > 1 ? parts[1] : "";
                Row row = rows.get(parts[0] + "|" + region);
                if (parts[0].endsWith("broken.png")) {
                    assertNull(row.get(3));
                    assertTrue(row.getString(4).contains("broken.png"), row.getString(4));
                    continue;
                }
                float[] expected = single.encodeImages(List.of(new RegionImage(reader.readImage(Path.of(parts[0])),
                        ImageBatches.region(region))), EncodeOptions.DEFAULT).embedding(0);
                List<Float> actual = row.getList(3);
                assertEquals(expected.length, actual.size());
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual.get(i), 1e-5, parts[0] + " value " + i);
                }
                assertEquals("alphaclip-shapes", row.getString(2));
            }
        }
    }

    @Test
    void classificationEqualsTheSingleJvmClassifier() throws Exception {
        Path out = work.resolve("out-classify");
        List<String> labels = List.of("red circle", "blue circle", "green square", "yellow star", "purple triangle");
        assertEquals(13, ClassifyJob.run(spark, list, MODEL, labels, out.toString(), false, new JobShape(5, 2, 5)));
        Map<String, Row> rows = output(out);
        ImageFileReader reader = new ImageFileReader(100_000_000L);
        try (StandaloneSessions sessions = StandaloneSessions.cpu(2);
                OnnxAlphaClipEncoder single = new OnnxAlphaClipEncoder(ModelPackageReader.read(Path.of(MODEL)), sessions)) {
            var classifier = new org.alphaclip.core.internal.encoder.ZeroShotClassifierCache().classifier(single, labels,
                    List.of());
            for (String line : lines) {
                String[] parts = line.split("\t", 2);
                String region = parts.length > 1 ? parts[1] : "";
                Row row = rows.get(parts[0] + "|" + region);
                if (parts[0].endsWith("broken.png")) {
                    assertNull(row.get(3));
                    continue;
                }
                float[] embedding = single.encodeImages(List.of(new RegionImage(reader.readImage(Path.of(parts[0])),
                        ImageBatches.region(region))), EncodeOptions.DEFAULT).embedding(0);
                double[] expected = classifier.probabilities(embedding);
                assertEquals(labels.get(classifier.best(embedding)), row.getString(3), parts[0]);
                List<Float> actual = row.getList(5);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual.get(i), 1e-5, parts[0] + " probability " + i);
                }
            }
        }
    }

    @Test
    void aRestartedJobEncodesOnlyWhatIsMissing() throws Exception {
        Path out = work.resolve("out-resume");
        Path half = Files.write(work.resolve("half.txt"), lines.subList(0, 6));
        assertEquals(6, EncodeJob.run(spark, half, MODEL, out.toString(), false, new JobShape(4, 2, 5)));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> EncodeJob.run(spark, list, MODEL, out.toString(), false, new JobShape(4, 2, 5)));
        assertTrue(refused.getMessage().contains("already holds results: give --resume"), refused.getMessage());
        Map<String, Row> first = output(out);
        assertEquals(7, EncodeJob.run(spark, list, MODEL, out.toString(), true, new JobShape(4, 2, 5)), "only the missing seven");
        Map<String, Row> all = output(out);
        assertEquals(13, all.size());
        for (var entry : first.entrySet()) {
            assertEquals(entry.getValue(), all.get(entry.getKey()), "finished work kept as it was");
        }
        assertEquals(0, EncodeJob.run(spark, list, MODEL, out.toString(), true, new JobShape(4, 2, 5)), "nothing left");
    }
}
