package org.alphaclip.rec.internal.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What an evaluation found: accuracy (top box IoU >= 0.5 with a ground-truth box) per split, with and
 * without relation handling.
 *
 * @param description the settings in words (models, representations, alpha, masks)
 * @param splits one row per split
 * @param proposers how many expressions were resolved over masks from each source
 * @param notes what was adapted on the way (first occurrences)
 * @param stateFile the per-item results
 * @param json whether {@link #toString()} prints JSON
 */
public record EvalReport(String description, List<SplitResult> splits, Map<String, Integer> proposers,
        List<String> notes, Path stateFile, boolean json) {

    /** Copies the collections. */
    public EvalReport {
        splits = List.copyOf(splits);
        proposers = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(proposers));
        notes = List.copyOf(notes);
    }

    /**
     * One split's counts.
     *
     * @param name the split
     * @param expressions expressions evaluated
     * @param correct right with relation handling
     * @param correctWithoutRelations right with the whole expression's score alone
     * @param failed expressions whose image or expression could not be used (counted wrong)
     */
    public record SplitResult(String name, int expressions, int correct, int correctWithoutRelations, int failed) {

        /** Accuracy with relations, in percent. */
        public double accuracy() {
            return expressions == 0 ? 0 : 100.0 * correct / expressions;
        }

        /** Accuracy without relations, in percent. */
        public double accuracyWithoutRelations() {
            return expressions == 0 ? 0 : 100.0 * correctWithoutRelations / expressions;
        }
    }

    /** The same report, printed as JSON or as a table. */
    public EvalReport printedAsJson(boolean asJson) {
        return new EvalReport(description, splits, proposers, notes, stateFile, asJson);
    }

    /** The report as JSON (written next to the state file). */
    public JsonObject toJson() {
        JsonObject out = new JsonObject();
        out.addProperty("settings", description);
        JsonArray rows = new JsonArray();
        for (SplitResult s : splits) {
            JsonObject row = new JsonObject();
            row.addProperty("split", s.name());
            row.addProperty("expressions", s.expressions());
            row.addProperty("accuracy", round(s.accuracy()));
            row.addProperty("accuracyWithoutRelations", round(s.accuracyWithoutRelations()));
            row.addProperty("correct", s.correct());
            row.addProperty("correctWithoutRelations", s.correctWithoutRelations());
            row.addProperty("failed", s.failed());
            rows.add(row);
        }
        out.add("splits", rows);
        JsonObject masks = new JsonObject();
        proposers.forEach(masks::addProperty);
        out.add("masks", masks);
        JsonArray noteArray = new JsonArray();
        notes.forEach(noteArray::add);
        out.add("notes", noteArray);
        out.addProperty("state", stateFile.toString());
        return out;
    }

    /** The report as pretty JSON text. */
    public String toJsonText() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(toJson());
    }

    @Override
    public String toString() {
        if (json) {
            return toJsonText();
        }
        String nl = System.lineSeparator();
        int width = Math.max(5, splits.stream().mapToInt(s -> s.name().length()).max().orElse(5));
        StringBuilder out = new StringBuilder(description).append(nl);
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %11s  %8s  %17s  %6s%n", "split", "expressions", "accuracy",
                "without relations", "failed"));
        for (SplitResult s : splits) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %11d  %7.2f%%  %16.2f%%  %6d%n", s.name(), s.expressions(),
                    s.accuracy(), s.accuracyWithoutRelations(), s.failed()));
        }
        if (!proposers.isEmpty()) {
            out.append("masks: ");
            out.append(String.join(", ", proposers.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + " expressions)").toList())).append(nl);
        }
        notes.forEach(n -> out.append("note: ").append(n).append(nl));
        out.append("per-item results: ").append(stateFile);
        return out.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
