package org.alphaclip.mllm.internal.command;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.mllm.internal.eval.WorldEvaluation;
import org.alphaclip.sdk.command.ColumnTable;

import com.google.gson.JsonObject;

/**
 * What {@code mllm:eval} prints: one column per renderer, rates as percentages, CIDEr-D and BLEU-4 as scores; or with
 * {@code json} one object {@code {"model", "seed", "results": {renderer: {"scenes", "regions", "answers", "seconds",
 * "rates": {...}, "caption_scores": {...}}}}}.
 *
 * @param model the evaluated package's name
 * @param seed the dataset seed of the held-out scenes
 * @param results one per renderer
 * @param json whether {@link #toString()} is the JSON object
 */
public record EvaluationReport(String model, long seed, List<WorldEvaluation.Result> results, boolean json) {

    /** Copies the results. */
    public EvaluationReport {
        results = List.copyOf(results);
    }

    /** The JSON object. */
    public String toJson() {
        JsonObject object = new JsonObject();
        object.addProperty("model", model);
        object.addProperty("seed", seed);
        JsonObject byName = new JsonObject();
        for (WorldEvaluation.Result r : results) {
            JsonObject one = new JsonObject();
            one.addProperty("scenes", r.scenes());
            one.addProperty("regions", r.regions());
            one.addProperty("answers", r.answers());
            one.addProperty("seconds", r.seconds());
            one.add("rates", numbers(r.rates()));
            one.add("caption_scores", numbers(r.captionScores()));
            byName.add(r.name(), one);
        }
        object.add("results", byName);
        return object.toString();
    }

    @Override
    public String toString() {
        if (json) {
            return toJson();
        }
        ColumnTable table = new ColumnTable(String.format(Locale.ROOT, "mllm:eval %s on held-out scenes (split test, seed"
                + " %d); greedy answers to each question's first phrasing", model, seed),
                results.stream().map(WorldEvaluation.Result::name).toList());
        table.rates(results, WorldEvaluation.Result::rates);
        table.values(results, WorldEvaluation.Result::captionScores, "%.3f", 1);
        table.row("scenes / regions", results, r -> r.scenes() + " / " + r.regions());
        table.row("answers, ms per answer", results,
                r -> String.format(Locale.ROOT, "%d, %.1f", r.answers(), 1000 * r.seconds() / r.answers()));
        return table.toString();
    }

    private static JsonObject numbers(Map<String, Double> values) {
        JsonObject object = new JsonObject();
        values.forEach((k, v) -> {
            if (!v.isNaN()) {
                object.addProperty(k, v);
            }
        });
        return object;
    }
}
