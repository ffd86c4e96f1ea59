package org.alphaclip.world.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.world.PixelBox;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.describe.Describer;
import org.alphaclip.world.internal.layout.LayoutSampler;
import org.alphaclip.world.internal.layout.Placement;
import org.alphaclip.world.internal.render.Rendering;
import org.alphaclip.world.internal.render.Renderer;

/**
 * A scene generator made of the shared layout and description code and one renderer: layout, rendering and description of one scene. A layout is redrawn (from a seed derived from the
 * scene seed and the attempt number) when an object would be hidden too much: every object keeps at
 * least {@value #MIN_VISIBLE} of its area visible and a minimum number of pixels. The scene generator services
 * extend it with their renderer.
 */
public class SceneComposer implements SceneGenerator {

    /** Fraction of an object's own area that must stay visible. */
    static final double MIN_VISIBLE = 0.6;
    /** Visible pixels an object needs in a 256 px image (scaled with the area for other sizes). */
    private static final int MIN_PIXELS_256 = 120;
    private static final int ATTEMPTS = 200;

    private final Renderer renderer;

    /** A composer drawing with the given renderer. */
    public SceneComposer(Renderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public String renderer() {
        return renderer.name();
    }

    @Override
    public Scene generate(long seed, SceneSpec spec) {
        int side = spec.size();
        int minPixels = (int) Math.ceil(MIN_PIXELS_256 * (side / 256.0) * (side / 256.0));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, attempt));
            List<Placement> placements = LayoutSampler.sample(random, spec);
            if (placements.isEmpty()) {
                continue;
            }
            Rendering rendering = renderer.render(placements, side, random);
            List<SceneObject> objects = objects(placements, rendering, side, minPixels);
            if (objects == null) {
                continue;
            }
            double[] radii = placements.stream().mapToDouble(Placement::radius).toArray();
            return new Scene(renderer.name(), seed, rendering.image(), rendering.background(), objects,
                    Describer.caption(objects), Describer.labels(objects),
                    Describer.expressions(objects, radii, side));
        }
        throw new IllegalStateException("No acceptable layout for seed " + seed + " after " + ATTEMPTS + " attempts");
    }

    private static List<SceneObject> objects(List<Placement> placements, Rendering rendering, int side, int minPixels) {
        int[] owner = rendering.owner();
        List<SceneObject> objects = new ArrayList<>();
        for (int k = 0; k < placements.size(); k++) {
            byte[] mask = new byte[side * side];
            int visible = 0;
            int x0 = side;
            int y0 = side;
            int x1 = 0;
            int y1 = 0;
            for (int i = 0; i < owner.length; i++) {
                if (owner[i] == k) {
                    mask[i] = (byte) 255;
                    visible++;
                    int x = i % side;
                    int y = i / side;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
            if (visible < minPixels || visible < MIN_VISIBLE * rendering.fullAreas()[k]) {
                return null;
            }
            Placement p = placements.get(k);
            objects.add(new SceneObject(p.shape(), p.colour(), p.size(), new GrayImage(side, side, mask),
                    new PixelBox(x0, y0, x1, y1), Describer.phrase(p.size(), p.colour(), p.shape())));
        }
        return objects;
    }
}
