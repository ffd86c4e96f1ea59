package org.alphaclip.world.internal.eval;

import java.util.List;
import java.util.stream.Collectors;

/** The tables of one {@code world:evaluate} call, one per scene source (e.g. per renderer). */
public record EvaluationReport(List<EvaluationTable> tables) {

    /** Copies the list. */
    public EvaluationReport {
        tables = List.copyOf(tables);
    }

    @Override
    public String toString() {
        return tables.stream().map(EvaluationTable::toString).collect(Collectors.joining("\n"));
    }
}
