package org.alphaclip.diffusion.internal.command;

import java.util.List;
import java.util.Locale;

import org.alphaclip.diffusion.VariationSettings;
import org.alphaclip.diffusion.internal.eval.VariationEvaluation;
import org.alphaclip.sdk.command.ColumnTable;

import com.google.gson.JsonObject;

/**
 * What {@code diffusion:eval} prints: one column per renderer, rates as percentages; or with {@code json} one object
 * {@code {"model", "seed", "steps", "guidance", "results": {renderer: {"scenes", "regions", "variations", "seconds",
 * "rates": {...}}}}}.
 *
 * @param model the evaluated package's name
 * @param seed the dataset seed of the held-out scenes
 * @param settings how the variations were generated
 * @param results one per renderer
 * @param json whether {@link #toString()} is the JSON object
 */
public record EvaluationReport(String model, long seed, VariationSettings settings, List<VariationEvaluation.Result> results,
        boolean json) {

    /** Copies the results. */
    public EvaluationReport {
        results = List.copyOf(results);
    }

    /** The JSON object. */
    public String toJson() {
        JsonObject object = new JsonObject();
        object.addProperty("model", model);
        object.addProperty("seed", seed);
        object.addProperty("steps", settings.steps());
        object.addProperty("guidance", settings.guidance());
        JsonObject byName = new JsonObject();
        for (VariationEvaluation.Result r : results) {
            JsonObject one = new JsonObject();
            one.addProperty("scenes", r.scenes());
            one.addProperty("regions", r.regions());
            one.addProperty("variations", r.variations());
            one.addProperty("seconds", r.seconds());
            JsonObject rates = new JsonObject();
            r.rates().forEach((k, v) -> {
                if (!v.isNaN()) {
                    rates.addProperty(k, v);
                }
            });
            one.add("rates", rates);
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
        ColumnTable table = new ColumnTable(String.format(Locale.ROOT, "diffusion:eval %s on held-out two-object scenes"
                + " (split test, seed %d); %d steps, guidance %.1f, %s", model, seed, settings.steps(), settings.guidance(),
                settings.scheduler().isEmpty() ? "the package's scheduler" : settings.scheduler()),
                results.stream().map(VariationEvaluation.Result::name).toList());
        table.rates(results, VariationEvaluation.Result::rates);
        table.row("scenes / regions / variations", results, r -> r.scenes() + " / " + r.regions() + " / " + r.variations());
        table.row("seconds per variation", results, r -> String.format(Locale.ROOT, "%.2f", r.seconds() / r.variations()));
        return table.toString();
    }
}
