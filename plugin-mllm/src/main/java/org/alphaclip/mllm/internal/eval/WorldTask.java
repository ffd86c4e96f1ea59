package org.alphaclip.mllm.internal.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alphaclip.world.PixelBox;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneObject;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One kind of question the default captioner was trained on and {@code mllm:eval} asks: a caption of the object, its
 * colour, shape, size or position, or a caption of the whole scene. The questions, answer templates and answer
 * lengths are read from {@value #TASKS_RESOURCE}, the file the trainer ({@code tools/train/train_captioner.py}) reads.
 *
 * @param type the kind, e.g. {@code caption} or {@code colour}
 * @param whole true when the question is about the whole picture (alpha all ones), false for one object's mask
 * @param answer the answer template over the fields of {@link #answerFor}, e.g. {@code {vertical} {horizontal}}
 * @param maxTokens how many tokens the evaluation lets the answer run
 * @param question the phrasing asked in evaluations (the first of the file)
 */
public record WorldTask(String type, boolean whole, String answer, int maxTokens, String question) {

    /** The tasks file, a resource next to this class. */
    public static final String TASKS_RESOURCE = "captioner_tasks.json";
    /** The kind whose answer names one object: scored for naming, BLEU and CIDEr-D, with and without the region. */
    public static final String CAPTION = "caption";

    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)}");

    /** The tasks of the file shipped with this bundle. */
    public static List<WorldTask> shipped() {
        try (InputStream in = WorldTask.class.getResourceAsStream(TASKS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The bundle lacks its " + TASKS_RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), TASKS_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + TASKS_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a tasks file: {@code {"types": [{"type", "region": "object"|"whole", "answer", "maxTokens", "questions":
     * [...]}]}}.
     *
     * @param source names the file in errors
     * @throws IllegalArgumentException naming the file and the entry when a field is missing or wrong
     */
    public static List<WorldTask> read(Reader json, String source) {
        List<WorldTask> tasks = new ArrayList<>();
        try {
            JsonArray types = JsonParser.parseReader(json).getAsJsonObject().getAsJsonArray("types");
            if (types == null || types.isEmpty()) {
                throw new IllegalArgumentException(source + " holds no \"types\"");
            }
            for (JsonElement element : types) {
                JsonObject t = element.getAsJsonObject();
                String type = t.get("type").getAsString();
                String region = t.get("region").getAsString();
                JsonArray questions = t.getAsJsonArray("questions");
                if (!region.equals("object") && !region.equals("whole") || questions == null || questions.isEmpty()) {
                    throw new IllegalArgumentException(source + ": type " + type
                            + " needs region 'object' or 'whole' and at least one question");
                }
                int maxTokens = t.get("maxTokens").getAsInt();
                if (maxTokens < 1) {
                    throw new IllegalArgumentException(source + ": type " + type + " has maxTokens " + maxTokens);
                }
                tasks.add(new WorldTask(type, region.equals("whole"), t.get("answer").getAsString(), maxTokens,
                        questions.get(0).getAsString()));
            }
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException | JsonParseException e) {
            throw new IllegalArgumentException(source + " is not a tasks file (types with type, region, answer,"
                    + " maxTokens and questions): " + e.getMessage(), e);
        }
        return List.copyOf(tasks);
    }

    /**
     * The expected answer about object {@code index} of the scene (ignored for whole-scene tasks): the template with
     * {@code phrase}, {@code colour}, {@code shape}, {@code size}, {@code horizontal} ({@code left} when the box centre
     * lies left of the middle, else {@code right}), {@code vertical} ({@code top} or {@code bottom}) and the scene's
     * {@code caption} filled in.
     *
     * @throws IllegalArgumentException naming a field the template uses that does not exist
     */
    public String answerFor(Scene scene, int index) {
        Map<String, String> fields = whole ? Map.of("caption", scene.caption()) : objectFields(scene, index);
        Matcher m = FIELD.matcher(answer);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = fields.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("Task " + type + ": unknown answer field {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static Map<String, String> objectFields(Scene scene, int index) {
        SceneObject o = scene.objects().get(index);
        PixelBox box = o.box();
        return Map.of("phrase", o.phrase(), "colour", o.colour().word(), "shape", o.shape().word(),
                "size", o.size().word(),
                "horizontal", box.centerX() < scene.image().width() / 2.0 ? "left" : "right",
                "vertical", box.centerY() < scene.image().height() / 2.0 ? "top" : "bottom");
    }
}
