package org.alphaclip.sdk.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A plain-text table of named rows and one column per evaluated thing (a renderer, a model), as evaluation commands
 * print it: row names left-aligned, cells right-aligned, a title line on top.
 *
 * <pre>{@code
 * ColumnTable table = new ColumnTable("my:eval on 100 scenes", List.of("raster", "vector"));
 * table.rates(results, Result::rates);          // every rate of every column, as percentages
 * table.row("scenes", results, r -> String.valueOf(r.scenes()));
 * return table.toString();
 * }</pre>
 */
public final class ColumnTable {

    private final String title;
    private final List<String> columns;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with a title line and these column headers. */
    public ColumnTable(String title, List<String> columns) {
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    /** One row: a cell per column, made from that column's item. */
    public <T> ColumnTable row(String name, List<T> items, Function<T, String> cell) {
        String[] row = new String[columns.size() + 1];
        row[0] = name;
        for (int i = 0; i < columns.size(); i++) {
            row[i + 1] = cell.apply(items.get(i));
        }
        rows.add(row);
        return this;
    }

    /**
     * A row per name found in any column's values (in first-seen order), each value formatted after scaling by
     * {@code scale}; a value a column lacks, or NaN, is shown as {@code -}.
     */
    public <T> ColumnTable values(List<T> items, Function<T, Map<String, Double>> values, String format, double scale) {
        Set<String> names = new LinkedHashSet<>();
        items.forEach(item -> names.addAll(values.apply(item).keySet()));
        for (String name : names) {
            row(name, items, item -> {
                Double v = values.apply(item).get(name);
                return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, format, scale * v);
            });
        }
        return this;
    }

    /** Rates in [0, 1] as percentages with one decimal. */
    public <T> ColumnTable rates(List<T> items, Function<T, Map<String, Double>> rates) {
        return values(items, rates, "%.1f%%", 100);
    }

    @Override
    public String toString() {
        int nameWidth = 0;
        int cellWidth = 0;
        for (String column : columns) {
            cellWidth = Math.max(cellWidth, column.length());
        }
        for (String[] row : rows) {
            nameWidth = Math.max(nameWidth, row[0].length());
            for (int i = 1; i < row.length; i++) {
                cellWidth = Math.max(cellWidth, row[i].length());
            }
        }
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(title).append(nl);
        out.append(" ".repeat(nameWidth));
        for (String column : columns) {
            out.append("  ").append(pad(column, cellWidth));
        }
        for (String[] row : rows) {
            out.append(nl).append(row[0]).append(" ".repeat(nameWidth - row[0].length()));
            for (int i = 1; i < row.length; i++) {
                out.append("  ").append(pad(row[i], cellWidth));
            }
        }
        return out.toString();
    }

    private static String pad(String cell, int width) {
        return " ".repeat(Math.max(0, width - cell.length())) + cell;
    }
}
