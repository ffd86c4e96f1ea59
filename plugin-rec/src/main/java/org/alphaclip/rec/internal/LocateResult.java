package org.alphaclip.rec.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.region.Region;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What {@code rec:locate} found, printed as one JSON object ({@code --json}) or as lines for people.
 *
 * @param index the chosen proposal: an index into BOXES.json when boxes were given
 * @param box the chosen box {@code [x0, y0, x1, y1]} in pixels
 * @param score the chosen proposal's probability (softmax over the proposals)
 * @param proposals how many proposals there were
 * @param masks how the masks were made, e.g. {@code sam (box prompts)}
 * @param parse the parsed expression, or the note that relations were not used
 * @param models the models of the ensemble
 * @param representations the representations summed
 * @param out the PNG written, or {@code null}
 * @param notes what was adapted on the way
 * @param json whether to print JSON
 */
public record LocateResult(int index, Region.Box box, double score, int proposals, String masks, String parse,
        List<String> models, String representations, Path out, List<String> notes, boolean json) {

    /** Copies the lists. */
    public LocateResult {
        models = List.copyOf(models);
        notes = List.copyOf(notes);
    }

    /** The same result, printed as JSON or as lines. */
    public LocateResult printedAs(boolean asJson) {
        return new LocateResult(index, box, score, proposals, masks, parse, models, representations, out, notes, asJson);
    }

    /** The result as a JSON object. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("index", index);
        JsonArray b = new JsonArray();
        b.add(round(box.x0()));
        b.add(round(box.y0()));
        b.add(round(box.x1()));
        b.add(round(box.y1()));
        o.add("box", b);
        o.addProperty("score", Math.round(score * 1e6) / 1e6);
        o.addProperty("proposals", proposals);
        o.addProperty("masks", masks);
        o.addProperty("parse", parse);
        JsonArray m = new JsonArray();
        models.forEach(m::add);
        o.add("models", m);
        o.addProperty("representations", representations);
        if (out != null) {
            o.addProperty("out", out.toString());
        }
        JsonArray n = new JsonArray();
        notes.forEach(n::add);
        o.add("notes", n);
        return o;
    }

    @Override
    public String toString() {
        if (json) {
            return new GsonBuilder().disableHtmlEscaping().create().toJson(toJson());
        }
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "proposal %d of %d  box %s  score %.4f", index,
                proposals, box.describe().replace("box", ""), score));
        text.append(nl).append("masks: ").append(masks).append("  models: ").append(String.join(", ", models))
                .append("  representations: ").append(representations);
        text.append(nl).append("parse: ").append(parse);
        if (out != null) {
            text.append(nl).append("wrote ").append(out);
        }
        notes.forEach(note -> text.append(nl).append("note: ").append(note));
        return text.toString();
    }

    private static Number round(double v) {
        return v == Math.rint(v) ? (Number) (long) v : (Number) (Math.round(v * 100) / 100.0);
    }
}
