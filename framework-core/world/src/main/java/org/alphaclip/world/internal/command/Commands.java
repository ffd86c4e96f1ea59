package org.alphaclip.world.internal.command;

import java.util.List;
import java.util.stream.Collectors;

import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneSpec;

/** Argument checks shared by the world commands. */
final class Commands {

    private Commands() {
    }

    /** The generator of the named renderer among the registered ones. */
    static SceneGenerator generator(List<SceneGenerator> generators, String renderer) {
        return generators.stream().filter(g -> g.renderer().equals(renderer)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown renderer '" + renderer + "', expected one of "
                        + generators.stream().map(SceneGenerator::renderer).sorted().collect(Collectors.joining(", "))));
    }

    /** The spec with an object range given as {@code N} or {@code MIN-MAX}. */
    static SceneSpec objects(SceneSpec spec, String range) {
        String[] parts = range.split("-", 2);
        try {
            int min = Integer.parseInt(parts[0].strip());
            int max = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : min;
            return spec.withObjects(min, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--objects takes N or MIN-MAX, e.g. 1-4, got '" + range + "'", e);
        }
    }
}
