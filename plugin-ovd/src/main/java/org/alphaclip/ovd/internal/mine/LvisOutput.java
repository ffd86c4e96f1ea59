package org.alphaclip.ovd.internal.mine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.ovd.internal.mine.MinedImage.Status;
import org.alphaclip.ovd.internal.mine.MiningState.Entry;
import org.alphaclip.sdk.io.AtomicFiles;
import org.alphaclip.sdk.io.Csv;
import org.alphaclip.sdk.io.FileDigests;

import com.google.gson.stream.JsonWriter;

/**
 * Turns a finished state into the run's outputs: the LVIS-format JSON, the per-class summary CSV and the
 * list of skipped images. Per class, the images with a mask are ranked by the {@link Ranking}'s score (then
 * the other score, then id) and the top share is kept (rounded up, so every class with a mask keeps at least
 * one image); an annotation's {@code score} is the ranking's score.
 *
 * <p>The JSON has what Detic's LVIS loader reads: {@code images} with {@code file_name} (relative to the
 * images folder), {@code width}, {@code height}, {@code neg_category_ids} (empty: nothing is known to be
 * absent), {@code not_exhaustive_category_ids} and {@code pos_category_ids} (the image's class: other
 * instances may be unlabelled); {@code categories} with {@code synset} (the class key), {@code frequency}
 * (LVIS's r/c/f from the kept image count: 1-10, 11-100, more) and {@code image_count}; {@code annotations}
 * with an XYWH {@code bbox}, compressed-RLE {@code segmentation}, {@code area} and {@code score}. Records are
 * read from the state one at a time, so memory holds only the ranking.
 *
 * <p>The CSV files follow RFC 4180: a field with a comma, a quote or a line break is quoted. All three files are
 * written beside their targets and renamed into place, and their SHA-256 recorded in the state. An existing file is left alone when it already has the same content; when it differs it is
 * replaced only if it is what this state wrote last (e.g. before a different {@code --top-share} or before
 * failed images were retried), and the report says so; any other file is never overwritten.
 */
final class LvisOutput {

    private final Dataset dataset;
    private final MiningState state;
    private final MiningSettings settings;

    LvisOutput(Dataset dataset, MiningState state, MiningSettings settings) {
        this.dataset = dataset;
        this.state = state;
        this.settings = settings;
    }

    /** What was written. */
    record Written(int kept, boolean changed, List<Path> replaced, List<MinedImage> skipped) {
    }

    /** Writes (or confirms) the three files. */
    Written write() throws IOException, MiningException {
        int classes = dataset.classes().size();
        List<List<Entry>> ranked = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            ranked.add(new ArrayList<>());
        }
        List<Entry> skippedEntries = new ArrayList<>();
        for (Entry e : state.entries().values()) {
            if (e.status() == Status.OK) {
                ranked.get(e.classIndex()).add(e);
            } else {
                skippedEntries.add(e);
            }
        }
        Ranking ranking = settings.ranking();
        Comparator<Entry> best = Comparator.comparingDouble((Entry e) -> ranking.primary(e.score(), e.cosine())).reversed()
                .thenComparing(Comparator.comparingDouble((Entry e) -> ranking.secondary(e.score(), e.cosine())).reversed())
                .thenComparingInt(Entry::id);
        List<Entry> kept = new ArrayList<>();
        int[] keptPerClass = new int[classes];
        for (int c = 0; c < classes; c++) {
            List<Entry> list = ranked.get(c);
            list.sort(best);
            int keep = (int) Math.ceil(settings.topShare() * list.size() - 1e-9);
            keptPerClass[c] = keep;
            kept.addAll(list.subList(0, keep));
        }
        kept.sort(Comparator.comparingInt(Entry::id));
        skippedEntries.sort(Comparator.comparingInt(Entry::id));
        List<MinedImage> skipped = new ArrayList<>();
        for (Entry e : skippedEntries) {
            skipped.add(state.read(e));
        }

        List<Prepared> prepared = new ArrayList<>();
        try {
            prepared.add(prepare(settings.out(), out -> writeJson(out, kept, keptPerClass)));
            prepared.add(prepare(settings.summary(), out -> writeSummary(out, ranked, keptPerClass, skipped)));
            prepared.add(prepare(settings.skipped(), out -> writeSkipped(out, skipped)));
            Map<String, String> recorded = state.written();
            List<String> conflicts = new ArrayList<>();
            List<Path> replaced = new ArrayList<>();
            List<Prepared> changes = new ArrayList<>();
            Map<String, String> digests = new LinkedHashMap<>();
            for (Prepared p : prepared) {
                Path target = p.file().target();
                String name = target.getFileName().toString();
                digests.put(name, p.sha256());
                if (!Files.exists(target)) {
                    changes.add(p);
                    continue;
                }
                String existing = FileDigests.sha256(target);
                if (existing.equals(p.sha256())) {
                    continue;
                }
                if (existing.equals(recorded.get(name))) {
                    replaced.add(target);
                    changes.add(p);
                } else {
                    conflicts.add(target.toString());
                }
            }
            if (!conflicts.isEmpty()) {
                throw new MiningException(String.join(", ", conflicts) + " already exist(s) with content that this"
                        + " run's state " + state.file() + " did not write, and was not overwritten. Remove it or give"
                        + " another --out; the state keeps every score, so no image is mined again.");
            }
            for (Prepared p : changes) {
                p.file().commit();
            }
            if (!digests.equals(recorded)) {
                state.recordWritten(digests);
            }
            return new Written(kept.size(), !changes.isEmpty(), replaced, skipped);
        } finally {
            for (Prepared p : prepared) {
                p.file().close();
            }
        }
    }

    /** An output file written beside its target, with the SHA-256 of its content. */
    private record Prepared(AtomicFiles.Pending file, String sha256) {
    }

    /** Writes a file's content beside its target, hashing it on the way. */
    private static Prepared prepare(Path target, AtomicFiles.Content content) throws IOException {
        MessageDigest digest = FileDigests.newDigest();
        AtomicFiles.Pending file = AtomicFiles.prepare(target, out -> {
            DigestOutputStream hashing = new DigestOutputStream(out, digest);
            content.writeTo(hashing);
            hashing.flush();
        });
        return new Prepared(file, HexFormat.of().formatHex(digest.digest()));
    }

    private void writeJson(OutputStream out, List<Entry> kept, int[] keptPerClass) throws IOException {
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        JsonWriter json = new JsonWriter(text);
        json.setHtmlSafe(false);
        json.beginObject();
        json.name("info").beginObject()
                .name("description").value("Pseudo boxes and masks mined by ovd:mine: mask proposals scored by"
                        + " Alpha-CLIP against each image's class, the best mask per image, the top share per class")
                .name("model").value(settings.model())
                .name("proposer").value(settings.proposerName())
                .name("scoring").value(settings.representation().optionName())
                .name("rank").value(settings.ranking().optionName())
                .name("template").value(settings.template())
                .name("top_share").value(settings.topShare())
                .endObject();
        json.name("licenses").beginArray().endArray();
        json.name("categories").beginArray();
        for (int c = 0; c < dataset.classes().size(); c++) {
            Dataset.DatasetClass dc = dataset.classes().get(c);
            json.beginObject()
                    .name("id").value(c + 1)
                    .name("name").value(dc.name())
                    .name("synset").value(dc.key())
                    .name("synonyms").beginArray().value(dc.name()).endArray()
                    .name("def").value("")
                    .name("frequency").value(frequency(keptPerClass[c]))
                    .name("image_count").value(keptPerClass[c])
                    .name("instance_count").value(keptPerClass[c])
                    .endObject();
        }
        json.endArray();
        json.name("images").beginArray();
        for (Entry e : kept) {
            MinedImage image = state.read(e);
            int category = image.classIndex() + 1;
            json.beginObject()
                    .name("id").value(image.id())
                    .name("file_name").value(image.file())
                    .name("width").value(image.width())
                    .name("height").value(image.height())
                    .name("neg_category_ids").beginArray().endArray()
                    .name("not_exhaustive_category_ids").beginArray().value(category).endArray()
                    .name("pos_category_ids").beginArray().value(category).endArray()
                    .endObject();
        }
        json.endArray();
        json.name("annotations").beginArray();
        for (Entry e : kept) {
            MinedImage image = state.read(e);
            int[] box = image.bbox();
            json.beginObject()
                    .name("id").value(image.id())
                    .name("image_id").value(image.id())
                    .name("category_id").value(image.classIndex() + 1)
                    .name("bbox").beginArray().value(box[0]).value(box[1]).value(box[2]).value(box[3]).endArray()
                    .name("area").value(image.area())
                    .name("segmentation").beginObject()
                    .name("size").beginArray().value(image.height()).value(image.width()).endArray()
                    .name("counts").value(image.counts())
                    .endObject()
                    .name("iscrowd").value(0)
                    .name("score").value(settings.ranking().primary(image.score(), image.cosine()))
                    .endObject();
        }
        json.endArray();
        json.endObject();
        json.flush();
    }

    private void writeSummary(OutputStream out, List<List<Entry>> ranked, int[] keptPerClass, List<MinedImage> skipped)
            throws IOException {
        int classes = dataset.classes().size();
        int[] listed = new int[classes];
        dataset.items().forEach(i -> listed[i.classIndex()]++);
        int[][] bad = new int[classes][Status.values().length];
        skipped.forEach(s -> bad[s.classIndex()][s.status().ordinal()]++);
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        text.write(Csv.row(List.of("category_id", "synset", "name", "images", "unreadable", "no_masks", "failed",
                "with_mask", "kept", "frequency", "mean_kept_score", "min_kept_score")));
        Ranking ranking = settings.ranking();
        for (int c = 0; c < classes; c++) {
            List<Entry> kept = ranked.get(c).subList(0, keptPerClass[c]);
            double mean = kept.stream().mapToDouble(e -> ranking.primary(e.score(), e.cosine())).average().orElse(Double.NaN);
            double min = kept.stream().mapToDouble(e -> ranking.primary(e.score(), e.cosine())).min().orElse(Double.NaN);
            Dataset.DatasetClass dc = dataset.classes().get(c);
            text.write(Csv.row(List.of(c + 1, dc.key(), dc.name(), listed[c], bad[c][Status.UNREADABLE.ordinal()],
                    bad[c][Status.NO_MASKS.ordinal()], bad[c][Status.FAILED.ordinal()], ranked.get(c).size(),
                    keptPerClass[c], frequency(keptPerClass[c]), number(mean), number(min))));
        }
        text.flush();
    }

    private static void writeSkipped(OutputStream out, List<MinedImage> skipped) throws IOException {
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        text.write(Csv.row(List.of("image_id", "file", "status", "reason")));
        for (MinedImage s : skipped) {
            text.write(Csv.row(List.of(s.id(), s.file(), s.status().word(), s.reason())));
        }
        text.flush();
    }

    /** LVIS's frequency group of a category trained on {@code images} images. */
    static String frequency(int images) {
        return images <= 10 ? "r" : images <= 100 ? "c" : "f";
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
