package org.alphaclip.world.internal.dataset;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.IntConsumer;

import org.alphaclip.sdk.io.AtomicFiles;
import org.alphaclip.world.ReferringExpression;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Seeds;
import org.alphaclip.world.internal.render.Java2dImages;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes a dataset folder: {@code images/<id>.png}, {@code masks/<id>-<k>.png} (255 on the visible
 * pixels of object k), {@code scenes.jsonl} with one JSON object per scene, and {@code dataset.json}
 * with the parameters. The same parameters give byte-identical files. Each file appears whole or not at
 * all ({@link AtomicFiles}); {@code scenes.jsonl} only once every scene is written.
 *
 * <p>A scene line: {@code {"id", "index", "seed", "renderer", "width", "height", "image", "background",
 * "caption", "labels": [..], "objects": [{"shape", "colour", "size", "label", "phrase", "box": [x0, y0,
 * x1, y1], "mask", "area"}], "expressions": [{"text", "target"}]}}; boxes are pixel boxes with x1 and
 * y1 exclusive, {@code target} indexes {@code objects}, objects are listed bottom to top.
 */
public final class DatasetWriter {

    /** File name of the scene list. */
    public static final String SCENES = "scenes.jsonl";
    /** File name of the parameters. */
    public static final String PARAMETERS = "dataset.json";

    private static final Gson GSON = new Gson();

    private DatasetWriter() {
    }

    /**
     * Generates and writes {@code count} scenes of a split.
     *
     * @param progress told the number of scenes written so far, every so often
     * @return the scene list file
     */
    public static Path write(SceneGenerator generator, long seed, String split, int count, SceneSpec spec, Path out,
            IntConsumer progress) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("Scene count must be at least 1, got " + count);
        }
        if (!split.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Split name must be lower-case letters, digits and '-', got '" + split + "'");
        }
        Path scenes = out.resolve(SCENES);
        AtomicFiles.write(scenes, stream -> {
            Writer lines = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            for (int i = 0; i < count; i++) {
                String id = String.format("%s-%06d", split, i);
                Scene scene = generator.generate(Seeds.scene(seed, split, i), spec);
                lines.write(GSON.toJson(writeScene(scene, id, i, out)));
                lines.write('\n');
                if ((i + 1) % 500 == 0 || i + 1 == count) {
                    progress.accept(i + 1);
                }
            }
            lines.flush();
        });
        JsonObject parameters = new JsonObject();
        parameters.addProperty("renderer", generator.renderer());
        parameters.addProperty("seed", seed);
        parameters.addProperty("split", split);
        parameters.addProperty("count", count);
        parameters.addProperty("size", spec.size());
        parameters.addProperty("minObjects", spec.minObjects());
        parameters.addProperty("maxObjects", spec.maxObjects());
        AtomicFiles.writeString(out.resolve(PARAMETERS), GSON.toJson(parameters) + "\n");
        return scenes;
    }

    private static JsonObject writeScene(Scene scene, String id, int index, Path out) throws IOException {
        String image = "images/" + id + ".png";
        AtomicFiles.writePng(out.resolve(image), Java2dImages.toBuffered(scene.image()));
        JsonObject line = new JsonObject();
        line.addProperty("id", id);
        line.addProperty("index", index);
        line.addProperty("seed", scene.seed());
        line.addProperty("renderer", scene.renderer());
        line.addProperty("width", scene.image().width());
        line.addProperty("height", scene.image().height());
        line.addProperty("image", image);
        line.addProperty("background", scene.background());
        line.addProperty("caption", scene.caption());
        JsonArray labels = new JsonArray();
        scene.labels().forEach(labels::add);
        line.add("labels", labels);
        JsonArray objects = new JsonArray();
        for (int k = 0; k < scene.objects().size(); k++) {
            SceneObject o = scene.objects().get(k);
            String mask = "masks/" + id + "-" + k + ".png";
            AtomicFiles.writePng(out.resolve(mask), Java2dImages.toBuffered(o.mask()));
            JsonObject object = new JsonObject();
            object.addProperty("shape", o.shape().word());
            object.addProperty("colour", o.colour().word());
            object.addProperty("size", o.size().word());
            object.addProperty("label", o.label());
            object.addProperty("phrase", o.phrase());
            JsonArray box = new JsonArray();
            box.add(o.box().x0());
            box.add(o.box().y0());
            box.add(o.box().x1());
            box.add(o.box().y1());
            object.add("box", box);
            object.addProperty("mask", mask);
            int area = 0;
            for (byte v : o.mask().values()) {
                area += v != 0 ? 1 : 0;
            }
            object.addProperty("area", area);
            objects.add(object);
        }
        line.add("objects", objects);
        JsonArray expressions = new JsonArray();
        for (ReferringExpression e : scene.expressions()) {
            JsonObject expression = new JsonObject();
            expression.addProperty("text", e.text());
            expression.addProperty("target", e.target());
            expressions.add(expression);
        }
        line.add("expressions", expressions);
        return line;
    }
}
