package org.alphaclip.sdk.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Comma-separated values as RFC 4180 writes them: fields quoted when they hold a comma, a quote or a line break. */
public final class Csv {

    private Csv() {
    }

    /** One field: {@code null} as empty, quoted (with inner quotes doubled) when needed. */
    public static String field(Object value) {
        String text = value == null ? "" : value.toString();
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** One record, ending with a line feed. */
    public static String row(List<?> cells) {
        return cells.stream().map(Csv::field).collect(Collectors.joining(",")) + "\n";
    }

    /** Replaces {@code file} with a header line and the rows, atomically, as UTF-8. */
    public static void write(Path file, List<String> header, List<? extends List<?>> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            out.write(row(header).getBytes(StandardCharsets.UTF_8));
            for (List<?> cells : rows) {
                out.write(row(cells).getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
