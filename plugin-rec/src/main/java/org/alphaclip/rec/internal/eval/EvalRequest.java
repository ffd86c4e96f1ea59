package org.alphaclip.rec.internal.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.data.EvalSplit;
import org.alphaclip.rec.internal.data.ReclipDataset;
import org.alphaclip.rec.internal.data.ReclipDetections;
import org.alphaclip.rec.internal.data.WorldDataset;
import org.alphaclip.rec.internal.score.Representation;
import org.alphaclip.rec.internal.score.ScoringSettings;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What an evaluation is asked to do, as {@code rec:eval} and the cluster job take it: the datasets, how proposals are
 * made, and how they are scored. It reads the splits, and gives the settings a state file records (so a rerun with
 * other settings is refused) and the report's description.
 *
 * @param data datasets, comma separated: ReCLIP {@code .jsonl} files or synthetic world folders
 * @param imageRoot the image folder of ReCLIP datasets (empty for world datasets)
 * @param detections a ReCLIP detections file, or empty for the annotated boxes
 * @param proposer the mask proposer to use, and no other (empty: the best installed, falling back to the next)
 * @param trueMasks use the dataset's own masks (synthetic world only)
 * @param automatic ignore the dataset's boxes and take the proposer's automatic proposals
 * @param settings how proposals are scored
 * @param limit the most expressions per split (0: all)
 */
public record EvalRequest(String data, String imageRoot, String detections, String proposer, boolean trueMasks,
        boolean automatic, ScoringSettings settings, int limit) {

    /** Checks the combination. */
    public EvalRequest {
        if (trueMasks && automatic) {
            throw new IllegalArgumentException("Give either --true-masks or --auto, not both");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be at least 0, got " + limit);
        }
    }

    /** The evaluator's options. */
    public Evaluator.Options options() {
        return new Evaluator.Options(proposer, trueMasks, automatic, limit);
    }

    /** Reads every dataset named by {@link #data}. */
    public List<EvalSplit> splits() throws IOException {
        Map<String, List<Region.Box>> dets = detections.isEmpty() ? null : ReclipDetections.read(Path.of(detections));
        List<EvalSplit> splits = new ArrayList<>();
        for (String part : data.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Path path = Path.of(part.strip());
            if (WorldDataset.isWorld(path)) {
                splits.add(WorldDataset.read(path));
            } else if (Files.isRegularFile(path)) {
                if (imageRoot.isEmpty()) {
                    throw new IllegalArgumentException("ReCLIP dataset " + path + " needs --images <folder of its images>");
                }
                splits.add(ReclipDataset.read(path, Path.of(imageRoot), dets));
            } else {
                throw new IllegalArgumentException("Dataset " + path + " is neither a ReCLIP .jsonl file nor a synthetic world folder");
            }
        }
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("--data names no dataset");
        }
        if (splits.stream().map(EvalSplit::name).distinct().count() != splits.size()) {
            throw new IllegalArgumentException("Two datasets have the same split name; give each once");
        }
        return splits;
    }

    /**
     * The settings a state file records; a rerun must match them.
     *
     * @param version the version of the code that evaluates
     * @param modelNames the names of the ensemble's model packages
     */
    public JsonObject stateSettings(String version, List<String> modelNames, List<EvalSplit> splits) {
        JsonObject recorded = new JsonObject();
        JsonArray splitNames = new JsonArray();
        splits.forEach(s -> splitNames.add(s.name()));
        recorded.addProperty("version", version);
        recorded.add("splits", splitNames);
        recorded.addProperty("data", String.join(",", List.of(data.split(",")).stream().filter(p -> !p.isBlank())
                .map(p -> Path.of(p.strip()).toAbsolutePath().normalize().toString()).toList()));
        recorded.addProperty("detections", detections.isEmpty() ? "" : Path.of(detections).toAbsolutePath().normalize().toString());
        recorded.addProperty("proposer", proposer);
        recorded.addProperty("trueMasks", trueMasks);
        recorded.addProperty("auto", automatic);
        recorded.addProperty("models", String.join(",", modelNames));
        recorded.addProperty("representations", representationNames());
        recorded.addProperty("alpha", settings.alpha().optionName());
        recorded.addProperty("blurRadius", settings.blurRadius());
        recorded.addProperty("squareInputs", settings.square());
        recorded.addProperty("template", settings.template());
        recorded.addProperty("expressionWeight", settings.expressionWeight());
        return recorded;
    }

    /** The settings in words, for the report. */
    public String description(List<String> modelNames) {
        return "rec:eval  models " + String.join(",", modelNames) + "  representations " + representationNames()
                + "  alpha " + settings.alpha().optionName() + "  masks "
                + (trueMasks ? "true masks" : automatic ? "automatic proposals" : "from boxes")
                + (proposer.isEmpty() ? "" : " (proposer " + proposer + ")")
                + (settings.expressionWeight() == 1 ? "" : "  expression weight " + settings.expressionWeight());
    }

    /** The state file beside a report file. */
    public static Path stateFile(Path report) {
        return report.resolveSibling(report.getFileName() + ".state.jsonl");
    }

    private String representationNames() {
        return String.join(",", settings.representations().stream().map(Representation::optionName).toList());
    }
}
