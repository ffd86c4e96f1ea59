package org.alphaclip.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.alphaclip.ovd.internal.OvdCommands;
import org.alphaclip.ovd.internal.classify.PromptWarnings;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.mine.ImageMiner;
import org.alphaclip.ovd.internal.mine.MaskScorer;
import org.alphaclip.ovd.internal.mine.MinedImage;
import org.alphaclip.ovd.internal.mine.MiningException;
import org.alphaclip.ovd.internal.mine.MiningJob;
import org.alphaclip.ovd.internal.mine.MiningReport;
import org.alphaclip.ovd.internal.mine.MiningSettings;
import org.alphaclip.ovd.internal.mine.Ranking;
import org.alphaclip.ovd.internal.mine.Representation;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.google.gson.JsonParser;

/**
 * The {@code ovd-mine} job: {@code ovd:mine} with the images mined by the executors. The driver keeps the run's state
 * journal exactly as {@code ovd:mine} does (same file beside {@code --out}, same settings check) and appends each
 * chunk's mined images to it as the chunk comes back; when every image is done it writes the LVIS JSON with RLE masks,
 * the per-class summary CSV and the skipped list from the state with {@code ovd:mine}'s own writer. So the outputs
 * equal the single-JVM command's, a stopped run loses at most the chunk in flight, and either one continues the
 * other's state.
 *
 * <pre>
 * spark-submit ... distribution-spark.jar ovd-mine --images /shared/imagenet --model /shared/models/alphaclip-shapes \
 *     --out /shared/out/mined.json [--proposer segmentation|sam --sam /shared/models/sam] [--resume]
 * </pre>
 */
public final class OvdMineJob {

    /** The items the executors mine: the dataset's image id, file and class. */
    static final StructType ITEMS = new StructType().add("id", DataTypes.IntegerType, false)
            .add("file", DataTypes.StringType, false).add("classIndex", DataTypes.IntegerType, false);

    /** What comes back: the mined image as {@code ovd:mine}'s state records it, and the notes made on the way. */
    static final StructType MINED = new StructType().add("record", DataTypes.StringType, false)
            .add("notes", DataTypes.createArrayType(DataTypes.StringType, false), false);

    /** The job's command line. */
    static final Jobs.Job JOB = new Jobs.Job("ovd-mine",
            "class folders or an image list -> LVIS JSON with RLE masks + summary CSV, as ovd:mine",
            List.of("--images", "--model", "--out"),
            concat(List.of("--list", "--classes", "--proposer", "--sam", "--top-share", "--template", "--scoring",
                    "--rank"), JobShape.OPTIONS),
            List.of("--resume"), OvdMineJob::run);

    private OvdMineJob() {
    }

    private static String run(SparkSession spark, JobArguments a) throws Exception {
        OvdCommands.Config defaults = ConfigDefaults.of(OvdCommands.Config.class);
        String proposer = a.has("--proposer") ? a.value("--proposer") : a.has("--sam") ? "sam" : "segmentation";
        double topShare = a.has("--top-share") ? parseShare(a.value("--top-share")) : defaults.topShare();
        Request request = new Request(a.value("--model"), proposer, a.has("--sam") ? a.value("--sam") : "",
                MiningSettings.checkTemplate(a.has("--template") ? a.value("--template") : defaults.template()),
                Representation.parse(a.has("--scoring") ? a.value("--scoring") : "alpha"),
                Ranking.parse(a.has("--rank") ? a.value("--rank") : "probability"), topShare);
        Path root = Path.of(a.value("--images"));
        Path classes = a.has("--classes") ? Path.of(a.value("--classes")) : null;
        Dataset dataset = a.has("--list") ? Dataset.fromList(root, Path.of(a.value("--list")), classes)
                : Dataset.fromFolders(root, classes);
        return run(spark, dataset, Path.of(a.value("--out")), request, a.has("--resume"), JobShape.of(a)).toString();
    }

    /**
     * What to mine with.
     *
     * @param model the model package folder, the same path on every executor
     * @param proposer {@code segmentation}, {@code sam} or {@code boxes}
     * @param samDir the SAM package folder when the proposer is {@code sam}
     * @param template the prompt template with {@code {}}
     * @param representation how masks are shown to the encoder
     * @param ranking which score picks and ranks masks
     * @param topShare the share of each class kept
     */
    public record Request(String model, String proposer, String samDir, String template, Representation representation,
            Ranking ranking, double topShare) implements java.io.Serializable {

        /** Checks the proposer. */
        public Request {
            if (!ExecutorProposers.NAMES.contains(proposer)) {
                throw new IllegalArgumentException("Unknown --proposer '" + proposer + "'; one of " + ExecutorProposers.NAMES);
            }
            if (proposer.equals("sam") && samDir.isEmpty()) {
                throw new IllegalArgumentException("--proposer sam needs --sam <SAM package folder>");
            }
        }
    }

    /**
     * Mines what the state beside {@code out} lacks and writes the outputs.
     *
     * @param resume whether an existing state of this job may be continued
     */
    public static MiningReport run(SparkSession spark, Dataset dataset, Path out, Request request, boolean resume,
            JobShape shape) throws Exception {
        String modelName = ExecutorEncoders.checkPackage(request.model()).info().name();
        int threads = ExecutorEncoders.threads(spark);
        MiningSettings settings = new MiningSettings(out, request.topShare(), 1, request.template(), modelName,
                request.proposer(), request.representation(), request.ranking());
        if (Files.exists(settings.state()) && !resume) {
            throw new IllegalStateException(settings.state() + " holds an earlier run's mined images: give --resume to"
                    + " finish that run, or another --out");
        }
        MinePartition partition = new MinePartition(dataset.root().toString(), dataset.classNames(), request, threads);
        return MiningJob.run(dataset, settings, List.of(), (state, unmined, warnings) -> {
            List<Row> rows = unmined.stream().map(i -> RowFactory.create(i.id(), i.file(), i.classIndex())).toList();
            Set<String> notes = new LinkedHashSet<>();
            try {
                Chunks.run(spark, "ovd-mine", rows, ITEMS, shape, dataset.items().size() - unmined.size(), 2, chunk -> {
                    for (Row mined : chunk.mapPartitions(partition, Encoders.row(MINED)).collectAsList()) {
                        state.append(MinedImage.fromJson(JsonParser.parseString(mined.getString(0)).getAsJsonObject()));
                        notes.addAll(mined.getList(1));
                    }
                });
            } catch (Exception e) {
                throw new MiningException("ovd-mine stopped: " + Jobs.explain(e) + ". The " + state.entries().size()
                        + " images finished so far are kept in " + state.file() + "; run the same job with --resume to"
                        + " go on.", e);
            } finally {
                warnings.addAll(notes);
            }
        });
    }

    /** One partition: each image through this JVM's proposer, encoder and classifier. */
    static final class MinePartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String root;
        private final List<String> classNames;
        private final Request request;
        private final int threads;

        MinePartition(String root, List<String> classNames, Request request, int threads) {
            this.root = root;
            this.classNames = List.copyOf(classNames);
            this.request = request;
            this.threads = threads;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws Exception {
            OnnxAlphaClipEncoder encoder = ExecutorEncoders.encoder(request.model(), threads);
            ZeroShotClassifier classifier = ExecutorEncoders.CLASSIFIERS.classifier(encoder, classNames,
                    List.of(request.template()));
            ImageMiner miner = new ImageMiner(Path.of(root), request.proposer(), request.ranking(),
                    ExecutorProposers.proposers(request.proposer(), request.samDir(), threads),
                    new MaskScorer(encoder, classifier, request.representation()),
                    ImageBatches.imageReader());
            List<String> warnings = PromptWarnings.truncated(classifier);
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                List<String> notes = new ArrayList<>(out.isEmpty() ? warnings : List.of());
                MinedImage mined = miner.mine(new Dataset.Item(row.getInt(0), row.getString(1), row.getInt(2)), notes::add);
                out.add(RowFactory.create(mined.toJson().toString(), notes.toArray(String[]::new)));
            }
            return out.iterator();
        }
    }

    private static double parseShare(String text) {
        try {
            return MiningSettings.checkTopShare(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--top-share must be a number in (0, 1], got '" + text + "'", e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
