package org.alphaclip.pointe.internal.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.pointe.SamplingSettings;
import org.alphaclip.pointe.internal.eval.PointeEvaluation;
import org.alphaclip.sdk.command.ColumnTable;

import com.google.gson.JsonObject;

/**
 * What {@code pointe:eval} prints: rates as percentages and Chamfer distances, the classifier's accuracy on true
 * clouds first; or with {@code json} one object {@code {"model", "seed", "steps", "guidance",
 * "classifierOnTrueClouds", "scenes", "objects", "clouds", "seconds", "rates": {...}}}.
 *
 * @param model the evaluated package's name
 * @param seed the seed of the held-out scenes
 * @param settings how the clouds were sampled
 * @param classifierOnTrueClouds the classifier's accuracy on true surface samples of every label
 * @param result the run
 * @param json whether {@link #toString()} is the JSON object
 */
public record EvaluationReport(String model, long seed, SamplingSettings settings, double classifierOnTrueClouds,
        PointeEvaluation.Result result, boolean json) {

    /** The JSON object. */
    public String toJson() {
        JsonObject object = new JsonObject();
        object.addProperty("model", model);
        object.addProperty("seed", seed);
        object.addProperty("steps", settings.base().steps());
        object.addProperty("guidance", settings.base().guidance());
        object.addProperty("classifierOnTrueClouds", classifierOnTrueClouds);
        object.addProperty("scenes", result.scenes());
        object.addProperty("objects", result.objects());
        object.addProperty("clouds", result.clouds());
        object.addProperty("seconds", result.seconds());
        JsonObject rates = new JsonObject();
        result.rates().forEach(rates::addProperty);
        object.add("rates", rates);
        return object.toString();
    }

    @Override
    public String toString() {
        if (json) {
            return toJson();
        }
        String column = "solids";
        ColumnTable table = new ColumnTable(String.format(Locale.ROOT, "pointe:eval %s on held-out two-solid scenes (split"
                + " test, seed %d); %d steps, guidance %.1f", model, seed, settings.base().steps(),
                settings.base().guidance()), List.of(column));
        table.row("classifier on true clouds", List.of(result), r -> percent(classifierOnTrueClouds));
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Double> distances = new LinkedHashMap<>();
        result.rates().forEach((k, v) -> (k.startsWith("Chamfer") ? distances : rates).put(k, v));
        table.rates(List.of(rates), r -> r);
        table.values(List.of(distances), d -> d, "%.3f", 1);
        table.row("scenes / solids / clouds", List.of(result), r -> r.scenes() + " / " + r.objects() + " / " + r.clouds());
        table.row("seconds per cloud", List.of(result), r -> String.format(Locale.ROOT, "%.2f", r.seconds() / r.clouds()));
        return table.toString();
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
