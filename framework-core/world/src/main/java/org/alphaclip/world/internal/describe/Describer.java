package org.alphaclip.world.internal.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.alphaclip.world.Colour;
import org.alphaclip.world.ReferringExpression;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.Shape;
import org.alphaclip.world.SizeClass;

/**
 * The texts of a scene: object phrases, the caption, classification labels and referring expressions
 * (by name, by a unique shape or colour, by a spatial relation to another object, and superlatives of
 * size and position). Relations and superlatives are only stated when they are clear by a margin.
 */
public final class Describer {

    /** Centres must differ by this fraction of the image side for a spatial relation or superlative. */
    private static final double POSITION_MARGIN = 0.08;
    /** The biggest (smallest) must be this many times larger (smaller) than the runner-up. */
    private static final double SIZE_RATIO = 1.5;

    private Describer() {
    }

    /** The phrase of an object: {@code a small red circle}. */
    public static String phrase(SizeClass size, Colour colour, Shape shape) {
        return "a " + size.word() + " " + colour.word() + " " + shape.word();
    }

    /** The caption: every object's phrase, left to right, e.g. {@code a small red circle and a large blue star}. */
    public static String caption(List<SceneObject> objects) {
        List<String> phrases = objects.stream().sorted(Comparator.comparingDouble(o -> o.box().centerX()))
                .map(SceneObject::phrase).toList();
        if (phrases.size() == 1) {
            return phrases.get(0);
        }
        return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.get(phrases.size() - 1);
    }

    /** The distinct labels in object order. */
    public static List<String> labels(List<SceneObject> objects) {
        return List.copyOf(new LinkedHashSet<>(objects.stream().map(SceneObject::label).toList()));
    }

    /**
     * Referring expressions for every object.
     *
     * @param objects the objects, bottom to top
     * @param radii each object's equal-area radius (its drawn size, before occlusion)
     * @param side the image side in pixels
     */
    public static List<ReferringExpression> expressions(List<SceneObject> objects, double[] radii, int side) {
        List<ReferringExpression> out = new ArrayList<>();
        int n = objects.size();
        double margin = POSITION_MARGIN * side;
        for (int t = 0; t < n; t++) {
            SceneObject target = objects.get(t);
            out.add(new ReferringExpression("the " + target.label(), t));
            if (count(objects, o -> o.shape() == target.shape()) == 1) {
                out.add(new ReferringExpression("the " + target.shape().word(), t));
            }
            if (count(objects, o -> o.colour() == target.colour()) == 1) {
                out.add(new ReferringExpression("the " + target.colour().word() + " shape", t));
            }
            spatial(objects, t, margin).ifPresent(out::add);
        }
        if (n >= 2) {
            superlative(objects, i -> radii[i], SIZE_RATIO, "the biggest shape", "the smallest shape", null, out);
            for (Shape shape : Shape.values()) {
                superlative(objects, i -> radii[i], SIZE_RATIO, "the biggest " + shape.word(),
                        "the smallest " + shape.word(), shape, out);
            }
            extreme(objects, i -> objects.get(i).box().centerX(), margin, "the leftmost shape", "the rightmost shape", out);
            extreme(objects, i -> objects.get(i).box().centerY(), margin, "the topmost shape", "the bottommost shape", out);
        }
        return out;
    }

    private static java.util.Optional<ReferringExpression> spatial(List<SceneObject> objects, int t, double margin) {
        SceneObject target = objects.get(t);
        for (int o = 0; o < objects.size(); o++) {
            if (o == t) {
                continue;
            }
            SceneObject anchor = objects.get(o);
            String relation = relation(target, anchor, margin);
            if (relation == null) {
                continue;
            }
            int sameShapeSameRelation = 0;
            for (int k = 0; k < objects.size(); k++) {
                if (k != o && objects.get(k).shape() == target.shape()
                        && relation.equals(relation(objects.get(k), anchor, margin))) {
                    sameShapeSameRelation++;
                }
            }
            String name = sameShapeSameRelation == 1 ? target.shape().word() : target.label();
            return java.util.Optional.of(new ReferringExpression("the " + name + " " + relation + " the " + anchor.label(), t));
        }
        return java.util.Optional.empty();
    }

    /** How a stands to b: left of, right of, above, below; null when not clear. */
    private static String relation(SceneObject a, SceneObject b, double margin) {
        double dx = a.box().centerX() - b.box().centerX();
        double dy = a.box().centerY() - b.box().centerY();
        if (Math.abs(dx) >= Math.abs(dy) && Math.abs(dx) > margin) {
            return dx < 0 ? "left of" : "right of";
        }
        if (Math.abs(dy) > Math.abs(dx) && Math.abs(dy) > margin) {
            return dy < 0 ? "above" : "below";
        }
        return null;
    }

    private static void superlative(List<SceneObject> objects, ToDoubleFunction<Integer> measure, double ratio,
            String most, String least, Shape shape, List<ReferringExpression> out) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            if (shape == null || objects.get(i).shape() == shape) {
                members.add(i);
            }
        }
        if (members.size() < 2) {
            return;
        }
        members.sort(Comparator.comparingDouble(measure::applyAsDouble));
        double first = measure.applyAsDouble(members.get(0));
        double second = measure.applyAsDouble(members.get(1));
        double last = measure.applyAsDouble(members.get(members.size() - 1));
        double beforeLast = measure.applyAsDouble(members.get(members.size() - 2));
        if (last >= ratio * beforeLast) {
            out.add(new ReferringExpression(most, members.get(members.size() - 1)));
        }
        if (second >= ratio * first) {
            out.add(new ReferringExpression(least, members.get(0)));
        }
    }

    private static void extreme(List<SceneObject> objects, ToDoubleFunction<Integer> position, double margin,
            String lowest, String highest, List<ReferringExpression> out) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(position::applyAsDouble));
        int n = order.size();
        if (position.applyAsDouble(order.get(1)) - position.applyAsDouble(order.get(0)) > margin) {
            out.add(new ReferringExpression(lowest, order.get(0)));
        }
        if (position.applyAsDouble(order.get(n - 1)) - position.applyAsDouble(order.get(n - 2)) > margin) {
            out.add(new ReferringExpression(highest, order.get(n - 1)));
        }
    }

    private static int count(List<SceneObject> objects, java.util.function.Predicate<SceneObject> test) {
        return (int) objects.stream().filter(test).count();
    }
}
