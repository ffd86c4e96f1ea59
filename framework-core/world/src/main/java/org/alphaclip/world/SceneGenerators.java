package org.alphaclip.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The scene generators a command has (one per renderer), and the ones a {@code --renderer} option names: a renderer's
 * name, several separated by commas, or {@code all}.
 *
 * <pre>{@code
 * for (SceneGenerator g : new SceneGenerators(generators).named("raster,vector")) { ... }
 * }</pre>
 *
 * @param all the generators, sorted by renderer name
 */
public record SceneGenerators(List<SceneGenerator> all) {

    /** Sorts a copy of the generators by renderer name. */
    public SceneGenerators {
        all = all.stream().sorted(Comparator.comparing(SceneGenerator::renderer)).toList();
    }

    /**
     * The generators an option names, in its order.
     *
     * @throws IllegalStateException when there is no generator at all (the world bundle is not running)
     * @throws IllegalArgumentException naming an unknown renderer and the known ones
     */
    public List<SceneGenerator> named(String renderers) {
        if (all.isEmpty()) {
            throw new IllegalStateException("No scene generators are running (bundle org.alphaclip.world)");
        }
        if (renderers.equals("all")) {
            return all;
        }
        List<SceneGenerator> chosen = new ArrayList<>();
        for (String name : renderers.split(",", -1)) {
            chosen.add(all.stream().filter(g -> g.renderer().equals(name.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown --renderer '" + name.strip() + "': choose "
                            + String.join(", ", all.stream().map(SceneGenerator::renderer).toList()) + " or all")));
        }
        return chosen;
    }
}
