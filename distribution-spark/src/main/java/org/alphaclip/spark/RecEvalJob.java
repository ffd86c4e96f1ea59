package org.alphaclip.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.rec.internal.RecCommands;
import org.alphaclip.rec.internal.data.EvalExpression;
import org.alphaclip.rec.internal.data.EvalImage;
import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.eval.EvalReport;
import org.alphaclip.rec.internal.eval.EvalRequest;
import org.alphaclip.rec.internal.eval.Evaluator;
import org.alphaclip.rec.internal.eval.StateFile;
import org.alphaclip.rec.internal.parse.ExpressionParser;
import org.alphaclip.rec.internal.parse.PosTagger;
import org.alphaclip.rec.internal.score.ProposalScorer;
import org.alphaclip.sdk.io.AtomicFiles;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The {@code rec-eval} job: {@code rec:eval} with the images evaluated by the executors. The driver keeps the run's
 * state file exactly as {@code rec:eval} does ({@code FILE.state.jsonl} beside the report, same settings check) and
 * appends each chunk's results as they come back; the accuracy table is made from the state by {@code rec:eval}'s own
 * code. An image is one item: its proposals are made and encoded once for all its expressions.
 *
 * <pre>
 * spark-submit ... distribution-spark.jar rec-eval --data /shared/refcoco_val.jsonl --images /shared/train2014 \
 *     --model /shared/models/alphaclip-shapes --out /shared/out/refcoco.json [--proposer boxes] [--resume]
 * </pre>
 */
public final class RecEvalJob {

    /** The items the executors evaluate: a split, an image of it, and the keys of its expressions left to do. */
    static final StructType ITEMS = new StructType().add("split", DataTypes.IntegerType, false)
            .add("image", DataTypes.IntegerType, false)
            .add("expressions", DataTypes.createArrayType(DataTypes.StringType, false), false);

    /** What comes back: the result records as {@code rec:eval}'s state holds them, and the notes. */
    static final StructType RESULTS = new StructType()
            .add("records", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("notes", DataTypes.createArrayType(DataTypes.StringType, false), false);

    /** The job's command line. */
    static final Jobs.Job JOB = new Jobs.Job("rec-eval",
            "ReCLIP-format files or world datasets -> the accuracy table, as rec:eval",
            List.of("--data", "--model", "--out"),
            List.of("--images", "--detections", "--proposer", "--sam", "--representations", "--alpha",
                    "--expression-weight", "--limit", "--partitions", "--chunk"),
            List.of("--true-masks", "--auto", "--resume"), RecEvalJob::run);

    private RecEvalJob() {
    }

    /**
     * What to evaluate, as the command line gives it (strings, so executors rebuild the same request).
     *
     * @param models model package folders (an ensemble when several), the same paths on every executor
     * @param proposer {@code segmentation}, {@code sam} or {@code boxes}
     * @param samDir the SAM package folder when the proposer is {@code sam}
     * @param representations representations summed (empty: the default)
     * @param alpha the alpha mode (empty: the default)
     * @param expressionWeight the expression weight ({@code NaN}: the default)
     */
    public record Request(String data, String imageRoot, String detections, List<String> models, String proposer,
            String samDir, boolean trueMasks, boolean automatic, String representations, String alpha,
            double expressionWeight, int limit) implements Serializable {

        /** Checks the proposer and copies the list. */
        public Request {
            models = List.copyOf(models);
            if (!ExecutorProposers.NAMES.contains(proposer)) {
                throw new IllegalArgumentException("Unknown --proposer '" + proposer + "'; one of " + ExecutorProposers.NAMES);
            }
            if (proposer.equals("sam") && samDir.isEmpty()) {
                throw new IllegalArgumentException("--proposer sam needs --sam <SAM package folder>");
            }
        }

        /** The request as {@code rec:eval} takes it, with the defaults of an unconfigured application. */
        EvalRequest evaluation() {
            return new EvalRequest(data, imageRoot, detections, proposer, trueMasks, automatic,
                    RecCommands.settings(ConfigDefaults.of(RecCommands.Config.class), representations, alpha,
                            expressionWeight), limit);
        }
    }

    private static String run(SparkSession spark, JobArguments a) throws Exception {
        String proposer = a.has("--proposer") ? a.value("--proposer") : a.has("--sam") ? "sam" : "segmentation";
        double weight = Double.NaN;
        if (a.has("--expression-weight")) {
            try {
                weight = Double.parseDouble(a.value("--expression-weight"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--expression-weight must be a number, got '"
                        + a.value("--expression-weight") + "'", e);
            }
        }
        Request request = new Request(a.value("--data"), a.has("--images") ? a.value("--images") : "",
                a.has("--detections") ? a.value("--detections") : "",
                List.of(a.value("--model").split(",")).stream().map(String::strip).filter(m -> !m.isEmpty()).toList(),
                proposer, a.has("--sam") ? a.value("--sam") : "", a.has("--true-masks"), a.has("--auto"),
                a.has("--representations") ? a.value("--representations") : "", a.has("--alpha") ? a.value("--alpha") : "",
                weight, a.number("--limit", 0));
        return run(spark, request, Path.of(a.value("--out")), a.has("--resume"), JobShape.of(a)).toString();
    }

    /**
     * Evaluates what the state beside {@code report} lacks, then writes the report.
     *
     * @param resume whether an existing state of this evaluation may be continued
     */
    public static EvalReport run(SparkSession spark, Request request, Path report, boolean resume, JobShape shape)
            throws Exception {
        EvalRequest evaluation = request.evaluation();
        List<EvalSplit> splits = evaluation.splits();
        List<String> modelNames = new ArrayList<>();
        for (String model : request.models()) {
            modelNames.add(ExecutorEncoders.checkPackage(model).info().name());
        }
        if (modelNames.isEmpty()) {
            throw new IllegalArgumentException("--model names no model package");
        }
        Path absolute = report.toAbsolutePath();
        Path stateFile = EvalRequest.stateFile(absolute);
        if (stateFile.toFile().exists() && !resume) {
            throw new IllegalStateException(stateFile + " holds an earlier run's results: give --resume to finish that"
                    + " run, or another --out");
        }
        Evaluator.Options options = evaluation.options();
        int threads = ExecutorEncoders.threads(spark);
        try (StateFile state = StateFile.open(stateFile, evaluation.stateSettings(recVersion(), modelNames, splits))) {
            Map<String, JsonObject> done = state.results();
            List<Row> items = new ArrayList<>();
            long finished = 0;
            for (int s = 0; s < splits.size(); s++) {
                EvalSplit split = splits.get(s);
                Set<String> wanted = Evaluator.wanted(split, options);
                finished += wanted.size();
                for (int i = 0; i < split.images().size(); i++) {
                    List<EvalExpression> remaining = Evaluator.remaining(split, split.images().get(i), wanted, done);
                    if (!remaining.isEmpty()) {
                        items.add(RowFactory.create(s, i, remaining.stream().map(EvalExpression::key).toArray(String[]::new)));
                        finished -= remaining.size();
                    }
                }
            }
            System.err.println("[rec-eval] " + finished + " expressions were done before this run");
            Set<String> notes = new LinkedHashSet<>(state.notes());
            EvalPartition partition = new EvalPartition(request, threads);
            Chunks.run(spark, "rec-eval", items, ITEMS, shape, 0, 2, chunk -> {
                for (Row result : chunk.mapPartitions(partition, Encoders.row(RESULTS)).collectAsList()) {
                    for (Object record : result.getList(0)) {
                        state.append(JsonParser.parseString((String) record).getAsJsonObject());
                    }
                    for (Object note : result.getList(1)) {
                        Evaluator.note(notes, (String) note);
                    }
                }
            });
            EvalReport result = Evaluator.report(splits, options, state, evaluation.description(modelNames), notes);
            AtomicFiles.writeString(absolute, result.toJsonText() + System.lineSeparator());
            return result;
        }
    }

    /** The version {@code rec:eval} records: the plugin-rec bundle's, read from its jar. */
    private static String recVersion() throws IOException {
        Path jar;
        try {
            jar = Path.of(RecCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        if (!jar.toString().endsWith(".jar")) {
            return "unpackaged";
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            String version = file.getManifest().getMainAttributes().getValue("Bundle-Version");
            return version == null ? "unversioned" : version;
        }
    }

    /** One partition: each image's remaining expressions through this JVM's proposers and encoders. */
    static final class EvalPartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Request request;
        private final int threads;

        EvalPartition(Request request, int threads) {
            this.request = request;
            this.threads = threads;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) throws Exception {
            EvalRequest evaluation = request.evaluation();
            List<EvalSplit> splits = ExecutorDatasets.splits(evaluation);
            List<AlphaClipEncoder> encoders = new ArrayList<>();
            for (String model : request.models()) {
                encoders.add(ExecutorEncoders.encoder(model, threads));
            }
            Evaluator evaluator = new Evaluator(ImageBatches.imageReader(),
                    ExecutorProposers.proposers(request.proposer(), request.samDir(), threads),
                    new ProposalScorer(encoders, ExecutorEncoders.CLASSIFIERS, evaluation.settings()),
                    new ExpressionParser(PosTagger.english()));
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                EvalSplit split = splits.get(row.getInt(0));
                EvalImage image = split.images().get(row.getInt(1));
                Set<String> keys = new HashSet<>(row.getList(2));
                List<EvalExpression> remaining = image.expressions().stream().filter(e -> keys.contains(e.key())).toList();
                List<String> records = new ArrayList<>();
                Set<String> notes = new LinkedHashSet<>();
                evaluator.evaluate(split, image, remaining, evaluation.options(), r -> records.add(r.toString()), notes);
                out.add(RowFactory.create(records.toArray(String[]::new), notes.toArray(String[]::new)));
            }
            return out.iterator();
        }
    }
}
