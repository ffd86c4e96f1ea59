package org.alphaclip.proposals.internal.mask;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the mask IoU the proposers use ({@link BinaryMask#iou}): symmetric, in [0, 1], the exact
 * pixel ratio, 1 for a non-empty mask with itself, 0 for disjoint masks (a mask and its complement).
 */
class BinaryMaskPropertiesTest {

    /** Pairs of masks of the same size, 1..24 pixels a side, dense or sparse. */
    @Provide
    Arbitrary<List<BinaryMask>> pairs() {
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 24);
        return Combinators.combine(side, side).flatAs((w, h) -> {
            Arbitrary<BinaryMask> mask = Arbitraries.oneOf(Arbitraries.of(false, true).list().ofSize(w * h),
                    Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true)).list().ofSize(w * h),
                    Arbitraries.just(w * h).map(n -> java.util.Collections.nCopies(n, false)),
                    Arbitraries.just(w * h).map(n -> java.util.Collections.nCopies(n, true)))
                    .map(bits -> new BinaryMask(w, h, array(bits)));
            return mask.list().ofSize(2);
        });
    }

    private static boolean[] array(List<Boolean> bits) {
        boolean[] out = new boolean[bits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits.get(i);
        }
        return out;
    }

    @Property(tries = 500)
    void iouIsSymmetricBoundedAndExact(@ForAll("pairs") List<BinaryMask> pair) {
        BinaryMask a = pair.get(0);
        BinaryMask b = pair.get(1);
        double ab = a.iou(b);
        assert ab == b.iou(a) : ab + " != " + b.iou(a);
        assert ab >= 0 && ab <= 1 : ab;
        int shared = 0;
        int union = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            shared += a.pixels()[i] && b.pixels()[i] ? 1 : 0;
            union += a.pixels()[i] || b.pixels()[i] ? 1 : 0;
        }
        assert ab == (union == 0 ? 0 : (double) shared / union) : a + " " + b + ": " + ab;
    }

    @Property(tries = 500)
    void iouWithItselfIsOneAndWithItsComplementZero(@ForAll("pairs") List<BinaryMask> pair) {
        BinaryMask a = pair.get(0);
        boolean[] complement = new boolean[a.pixels().length];
        for (int i = 0; i < complement.length; i++) {
            complement[i] = !a.pixels()[i];
        }
        assert a.iou(a) == (a.area() > 0 ? 1.0 : 0.0) : a;
        assert a.iou(new BinaryMask(a.width(), a.height(), complement)) == 0.0 : a;
    }
}
