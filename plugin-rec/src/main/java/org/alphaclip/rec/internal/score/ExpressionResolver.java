package org.alphaclip.rec.internal.score;

import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.parse.Entity;
import org.alphaclip.rec.internal.parse.ParsedExpression;
import org.alphaclip.rec.internal.relation.Spatial;

/**
 * Turns encoder logits and box geometry into one probability per proposal, the way ReCLIP composes
 * them with a product lattice:
 *
 * <ul>
 * <li>a text's distribution is the softmax of its logits over the proposals (uniform for an entity
 *     described by geometry alone);</li>
 * <li>a relation to another entity with distribution {@code q} gives each proposal {@code i} the mass
 *     {@code sum_j R[i][j] q[j]} (join: sum over the other's candidates; a box never relates to itself),
 *     which meets (multiplies) the entity's distribution; {@code between} sums over pairs;</li>
 * <li>a superlative gives proposal {@code i} the mass {@code p[i] * sum_j p[j] R[i][j]}: among the likely
 *     candidates, the one that stands in the relation to most of the others;</li>
 * <li>the result meets the whole expression's distribution, raised to a weight (1 in ReCLIP), and is
 *     normalised.</li>
 * </ul>
 *
 * A relation or superlative that no proposal can satisfy (all mass zero) is skipped rather than
 * producing an undefined distribution.
 */
public final class ExpressionResolver {

    /** The logits of a text for every proposal. */
    @FunctionalInterface
    public interface TextLogits {
        /** Logits, one per proposal. */
        double[] logits(String text) throws EncoderException;
    }

    private final List<Region.Box> boxes;
    private final double expressionWeight;

    /**
     * A resolver over the proposals' boxes.
     *
     * @param expressionWeight the exponent of the whole expression's distribution when relations are used
     */
    public ExpressionResolver(List<Region.Box> boxes, double expressionWeight) {
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("There are no proposals to choose from");
        }
        this.boxes = List.copyOf(boxes);
        this.expressionWeight = expressionWeight;
    }

    /**
     * The probability of each proposal being the one the expression refers to.
     *
     * @param relations whether to use the parsed relations and superlatives; without, only the whole
     *        expression's softmax counts
     */
    public double[] resolve(ParsedExpression expression, TextLogits scores, boolean relations) throws EncoderException {
        double[] whole = softmax(scores.logits(expression.text()));
        if (!relations || !expression.usesGeometry() || boxes.size() == 1) {
            return whole;
        }
        double[] weighted = new double[whole.length];
        for (int i = 0; i < whole.length; i++) {
            weighted[i] = Math.pow(whole[i], expressionWeight);
        }
        return meetNormalised(weighted, entity(expression.subject(), scores));
    }

    /** The distribution of one entity with its relations and superlatives applied. */
    double[] entity(Entity entity, TextLogits scores) throws EncoderException {
        int n = boxes.size();
        double[] p = entity.text().isBlank() ? uniform(n) : softmax(scores.logits(entity.text()));
        for (Entity.Relation relation : entity.relations()) {
            double[] q = entity(relation.object(), scores);
            double[] support = new double[n];
            if (relation.kind().isTernary()) {
                double[] r = relation.second().equals(relation.object()) ? q : entity(relation.second(), scores);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        for (int k = 0; k < n; k++) {
                            if (i != j && i != k && j != k) {
                                support[i] += Spatial.between(boxes.get(i), boxes.get(j), boxes.get(k)) * q[j] * r[k];
                            }
                        }
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (i != j) {
                            support[i] += relation.kind().degree(boxes.get(i), boxes.get(j)) * q[j];
                        }
                    }
                }
            }
            p = meetNormalised(p, support);
        }
        for (Spatial superlative : entity.superlatives()) {
            double[] support = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        support[i] += superlative.degree(boxes.get(i), boxes.get(j)) * p[j];
                    }
                }
            }
            p = meetNormalised(p, support);
        }
        return p;
    }

    /** The softmax of logits over the proposals. */
    public static double[] softmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElse(0);
        double[] exp = Arrays.stream(logits).map(v -> Math.exp(v - max)).toArray();
        return divided(exp, sum(exp));
    }

    /** The index of the largest value (the first on ties). */
    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] meetNormalised(double[] p, double[] q) {
        double[] meet = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            meet[i] = p[i] * q[i];
        }
        double sum = sum(meet);
        return sum > 0 ? divided(meet, sum) : p;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    private static double[] divided(double[] values, double divisor) {
        for (int i = 0; i < values.length; i++) {
            values[i] /= divisor;
        }
        return values;
    }

    private static double[] uniform(int n) {
        double[] out = new double[n];
        Arrays.fill(out, 1.0 / n);
        return out;
    }
}
