package org.alphaclip.world;

/**
 * What kind of scenes to generate.
 *
 * @param size side of the square image in pixels
 * @param minObjects fewest objects per scene (at least 1)
 * @param maxObjects most objects per scene (at most {@link #MAX_OBJECTS})
 */
public record SceneSpec(int size, int minObjects, int maxObjects) {

    /** The most objects a scene can hold. */
    public static final int MAX_OBJECTS = 4;

    /** 256 px scenes with one to four objects. */
    public static final SceneSpec DEFAULT = new SceneSpec(256, 1, MAX_OBJECTS);

    /** Checks the ranges. */
    public SceneSpec {
        if (size < 64 || size > 4096) {
            throw new IllegalArgumentException("Scene size must be 64..4096 pixels, got " + size);
        }
        if (minObjects < 1 || maxObjects > MAX_OBJECTS || minObjects > maxObjects) {
            throw new IllegalArgumentException("Objects per scene must satisfy 1 <= min <= max <= " + MAX_OBJECTS
                    + ", got " + minObjects + ".." + maxObjects);
        }
    }

    /** The same spec with another image size. */
    public SceneSpec withSize(int newSize) {
        return new SceneSpec(newSize, minObjects, maxObjects);
    }

    /** The same spec with another object count range. */
    public SceneSpec withObjects(int min, int max) {
        return new SceneSpec(size, min, max);
    }
}
