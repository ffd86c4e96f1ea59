package org.alphaclip.world.internal.eval;

import java.util.List;
import java.util.Locale;

/**
 * The result of one {@link Evaluation} run, printed as Markdown tables in the style of the paper's
 * Tables 2 and 3.
 *
 * @param source what the scenes were
 * @param scenes scenes evaluated
 * @param objects objects classified per method
 * @param labels number of candidate labels
 * @param alphaModel name of the Alpha-CLIP model
 * @param baseModel name of the model before alpha fine-tuning, or null
 * @param rows top-1 per region method
 * @param singleScenes single-object scenes for whole-image recognition
 * @param wholeAlpha whole-image top-1 of the Alpha-CLIP model (alpha all ones), in percent
 * @param wholeBase whole-image top-1 of the base model, in percent, or NaN
 */
public record EvaluationTable(String source, int scenes, int objects, int labels, String alphaModel, String baseModel,
        List<Row> rows, int singleScenes, double wholeAlpha, double wholeBase) {

    /** Copies the rows. */
    public EvaluationTable {
        rows = List.copyOf(rows);
    }

    /**
     * Top-1 of one region method.
     *
     * @param method the method
     * @param alphaModel top-1 of the Alpha-CLIP model in percent
     * @param baseModel top-1 of the base model in percent, NaN where not run (alpha methods, no base model)
     */
    public record Row(RegionMethod method, double alphaModel, double baseModel) {
    }

    /** Top-1 of a method by the Alpha-CLIP model. */
    public double top1(RegionMethod method) {
        return rows.stream().filter(r -> r.method() == method).findFirst().orElseThrow().alphaModel();
    }

    /** The best top-1 of any method other than the alpha-channel ones, by either model. */
    public double bestBaseline() {
        double best = Double.NEGATIVE_INFINITY;
        for (Row row : rows) {
            if (!row.method().usesAlpha()) {
                best = Math.max(best, row.alphaModel());
                if (!Double.isNaN(row.baseModel())) {
                    best = Math.max(best, row.baseModel());
                }
            }
        }
        return best;
    }

    @Override
    public String toString() {
        String base = baseModel == null ? "pre-alpha model (not given)" : baseModel;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Region classification, %s: %d scenes, %d objects, top-1 %% over %d labels%n%n",
                source, scenes, objects, labels));
        out.append("| Method | Alpha map | ").append(alphaModel).append(" | ").append(base).append(" |\n");
        out.append("|---|---|---:|---:|\n");
        for (Row row : rows) {
            out.append("| ").append(row.method().title()).append(" | ").append(row.method().alpha()).append(" | ")
                    .append(percent(row.alphaModel())).append(" | ").append(percent(row.baseModel())).append(" |\n");
        }
        out.append(String.format(Locale.ROOT, "%nWhole-image recognition, %s: %d single-object scenes, top-1 %%%n%n",
                source, singleScenes));
        out.append("| Model | Alpha map | Top-1 |\n|---|---|---:|\n");
        out.append("| ").append(alphaModel).append(" | all ones | ").append(percent(wholeAlpha)).append(" |\n");
        out.append("| ").append(base).append(" | (ignored) | ").append(percent(wholeBase)).append(" |\n");
        return out.toString();
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }
}
