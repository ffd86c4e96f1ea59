package org.alphaclip.mllm.internal.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.alphaclip.mllm.internal.eval.WorldEvaluation;

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
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "mllm:eval %s on held-out scenes (split test, seed %d); greedy answers to each question's first phrasing%n",
                model, seed));
        out.append(String.format(Locale.ROOT, "%-52s", ""));
        results.forEach(r -> out.append(String.format(Locale.ROOT, "%12s", r.name())));
        out.append(nl);
        rows(out, WorldEvaluation.Result::rates, "%9.1f%%", 100);
        rows(out, WorldEvaluation.Result::captionScores, "%10.3f", 1);
        row(out, "scenes / regions", r -> r.scenes() + " / " + r.regions());
        row(out, "answers, ms per answer", r -> String.format(Locale.ROOT, "%d, %.1f", r.answers(), 1000 * r.seconds() / r.answers()));
        return out.toString().stripTrailing();
    }

    private void rows(StringBuilder out, Function<WorldEvaluation.Result, Map<String, Double>> values, String format,
            double scale) {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.addAll(values.apply(r).keySet()));
        for (String name : names) {
            row(out, name, r -> {
                Double v = values.apply(r).get(name);
                return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, format, scale * v).strip();
            });
        }
    }

    private void row(StringBuilder out, String name, Function<WorldEvaluation.Result, String> cell) {
        List<String> cells = new ArrayList<>();
        results.forEach(r -> cells.add(String.format(Locale.ROOT, "%12s", cell.apply(r))));
        out.append(String.format(Locale.ROOT, "%-52s", name)).append(String.join("", cells)).append(System.lineSeparator());
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
