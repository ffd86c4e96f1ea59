package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The first held-out scene {@code world:generate --seed 7 --split test --renderer vector} writes with a number of
 * objects, through the real launcher: its image file and each object's mask file and fields ({@code phrase},
 * {@code colour}, {@code shape}, ...).
 *
 * @param folder the dataset folder
 * @param scene the scene's line of {@code scenes.jsonl}
 */
record HeldOutScene(Path folder, JsonObject scene) {

    /** Generates the scene into {@code home/scenes-N} (N objects). */
    static HeldOutScene generate(Path home, int objects) throws Exception {
        Path folder = home.resolve("scenes-" + objects);
        AppProcess.Outcome generated = AppProcess.run(home, "-c",
                "world:generate --seed 7 --split test --count 1 --renderer vector --objects " + objects + " --out " + folder);
        assertEquals(0, generated.exitCode(), generated.stdout() + generated.stderr());
        String line = Files.readAllLines(folder.resolve("scenes.jsonl"), StandardCharsets.UTF_8).get(0);
        return new HeldOutScene(folder, JsonParser.parseString(line).getAsJsonObject());
    }

    /** The scene's image file. */
    Path image() {
        return folder.resolve(scene.get("image").getAsString());
    }

    /** The fields of object {@code k}. */
    JsonObject object(int k) {
        return scene.getAsJsonArray("objects").get(k).getAsJsonObject();
    }

    /** The mask file of object {@code k}. */
    Path mask(int k) {
        return folder.resolve(object(k).get("mask").getAsString());
    }

    /** How many objects the scene has. */
    int objects() {
        return scene.getAsJsonArray("objects").size();
    }
}
