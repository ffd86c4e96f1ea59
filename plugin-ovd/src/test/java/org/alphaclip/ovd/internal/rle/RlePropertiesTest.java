package org.alphaclip.ovd.internal.rle;

import java.util.Arrays;
import java.util.List;

import org.alphaclip.ovd.internal.eval.Instance;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of COCO's run-length encoding and of the IoUs {@code ovd:evaluate} is built on: encode/decode and
 * the compressed string form round-trip for any binary mask of any size (empty, full, 0x0, 1xN, Nx1, long
 * runs); mask IoU ({@link Rle#iou}) and box IoU ({@link Instance#boxIou}) are symmetric, lie in [0, 1], are 1
 * for a region with itself and 0 for disjoint regions.
 */
class RlePropertiesTest {

    /** A row-major binary mask. */
    record Mask(int width, int height, boolean[] pixels) {
        Mask complement() {
            boolean[] out = new boolean[pixels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = !pixels[i];
            }
            return new Mask(width, height, out);
        }

        long area() {
            long area = 0;
            for (boolean p : pixels) {
                area += p ? 1 : 0;
            }
            return area;
        }

        Rle rle() {
            return Rle.encode(pixels, width, height);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(width + "x" + height);
            for (int y = 0; y < height && y < 40; y++) {
                text.append('\n');
                for (int x = 0; x < width && x < 80; x++) {
                    text.append(pixels[y * width + x] ? '#' : '.');
                }
            }
            return text.toString();
        }
    }

    /** Masks of 0..24 pixels a side (jqwik adds the edge sizes 0, 1, 24): empty, full, dense, sparse or blocky. */
    @Provide
    Arbitrary<Mask> masks() {
        Arbitrary<Integer> side = Arbitraries.integers().between(0, 24);
        return Combinators.combine(side, side).flatAs((w, h) -> {
            int n = w * h;
            Arbitrary<boolean[]> empty = Arbitraries.just(n).map(boolean[]::new);
            Arbitrary<boolean[]> full = Arbitraries.just(n).map(k -> {
                boolean[] all = new boolean[k];
                Arrays.fill(all, true);
                return all;
            });
            Arbitrary<boolean[]> dense = Arbitraries.of(false, true).list().ofSize(n).map(RlePropertiesTest::array);
            Arbitrary<boolean[]> sparse = Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true)).list().ofSize(n)
                    .map(RlePropertiesTest::array);
            Arbitrary<boolean[]> blocks = Combinators.combine(Arbitraries.integers().between(0, Math.max(0, w - 1)),
                    Arbitraries.integers().between(0, Math.max(0, h - 1)), Arbitraries.integers().between(0, w),
                    Arbitraries.integers().between(0, h)).as((x0, y0, bw, bh) -> {
                        boolean[] out = new boolean[n];
                        for (int y = y0; y < Math.min(h, y0 + bh); y++) {
                            for (int x = x0; x < Math.min(w, x0 + bw); x++) {
                                out[y * w + x] = true;
                            }
                        }
                        return out;
                    });
            return Arbitraries.oneOf(empty, full, dense, sparse, blocks).map(pixels -> new Mask(w, h, pixels));
        });
    }

    /** Pairs of masks of the same size. */
    @Provide
    Arbitrary<List<Mask>> maskPairs() {
        return masks().flatMap(a -> Arbitraries.of(false, true).list().ofSize(a.pixels.length)
                .map(bits -> List.of(a, new Mask(a.width, a.height, array(bits)))));
    }

    private static boolean[] array(List<Boolean> bits) {
        boolean[] out = new boolean[bits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bits.get(i);
        }
        return out;
    }

    // ---- RLE round trips

    @Property(tries = 500)
    void encodeDecodeRoundTrips(@ForAll("masks") Mask mask) {
        Rle rle = mask.rle();
        assert Arrays.equals(rle.decode(), mask.pixels) : mask + " -> " + Arrays.toString(rle.counts());
        assert rle.area() == mask.area() : rle;
        int[] counts = rle.counts();
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            assert counts[i] >= 0 && (i == 0 || counts[i] > 0) : "runs after the first are never empty: " + Arrays.toString(counts);
            total += counts[i];
        }
        assert total == (long) mask.width * mask.height : Arrays.toString(counts);
    }

    @Property(tries = 500)
    void compressedStringRoundTrips(@ForAll("masks") Mask mask) {
        Rle rle = mask.rle();
        String compressed = rle.compressed();
        for (char c : compressed.toCharArray()) {
            assert c >= '0' && c <= 'o' : "character '" + c + "' outside COCO's alphabet in " + compressed;
        }
        Rle back = Rle.fromCompressed(mask.height, mask.width, compressed);
        assert back.equals(rle) : Arrays.toString(rle.counts()) + " -> " + compressed + " -> " + Arrays.toString(back.counts());
        assert Arrays.equals(back.decode(), mask.pixels) : mask;
    }

    /** 1xN and Nx1 masks up to 200000 pixels with a few runs: counts of several characters and negative differences. */
    @Property(tries = 300)
    void longRunsRoundTripInOneRowOrColumn(@ForAll @IntRange(min = 1, max = 200_000) int length,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 200_000) Integer> cuts, @ForAll boolean row) {
        boolean[] pixels = new boolean[length];
        boolean value = false;
        int[] sorted = cuts.stream().mapToInt(c -> c % (length + 1)).sorted().toArray();
        int from = 0;
        for (int cut : sorted) {
            Arrays.fill(pixels, from, cut, value);
            value = !value;
            from = cut;
        }
        Arrays.fill(pixels, from, length, value);
        Mask mask = row ? new Mask(length, 1, pixels) : new Mask(1, length, pixels);
        Rle rle = mask.rle();
        assert Arrays.equals(rle.decode(), pixels);
        Rle back = Rle.fromCompressed(mask.height, mask.width, rle.compressed());
        assert back.equals(rle) : Arrays.toString(rle.counts()) + " -> " + rle.compressed() + " -> " + Arrays.toString(back.counts());
    }

    @Example
    void edgeMasksRoundTrip() {
        for (Mask mask : List.of(new Mask(0, 0, new boolean[0]), new Mask(7, 0, new boolean[0]), new Mask(1, 1, new boolean[1]),
                new Mask(1, 1, new boolean[] {true}), new Mask(5, 3, new boolean[15]), new Mask(3, 5, new Mask(3, 5, new boolean[15]).complement().pixels))) {
            Rle rle = mask.rle();
            assert Arrays.equals(rle.decode(), mask.pixels) : mask;
            assert Rle.fromCompressed(mask.height, mask.width, rle.compressed()).equals(rle) : mask;
        }
    }

    @Property(tries = 300)
    void boundingBoxHoldsExactlyTheForeground(@ForAll("masks") Mask mask) {
        int[] box = mask.rle().bbox();
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < mask.height; y++) {
            for (int x = 0; x < mask.width; x++) {
                if (mask.pixels[y * mask.width + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int[] expected = x1 < 0 ? new int[4] : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
        assert Arrays.equals(box, expected) : mask + " bbox " + Arrays.toString(box) + ", expected " + Arrays.toString(expected);
    }

    // ---- mask IoU

    @Property(tries = 500)
    void maskIouIsSymmetricBoundedAndExact(@ForAll("maskPairs") List<Mask> pair) {
        Mask a = pair.get(0);
        Mask b = pair.get(1);
        double ab = a.rle().iou(b.rle());
        double ba = b.rle().iou(a.rle());
        assert ab == ba : ab + " != " + ba;
        assert ab >= 0 && ab <= 1 : ab;
        long shared = 0;
        long union = 0;
        for (int i = 0; i < a.pixels.length; i++) {
            shared += a.pixels[i] && b.pixels[i] ? 1 : 0;
            union += a.pixels[i] || b.pixels[i] ? 1 : 0;
        }
        assert a.rle().intersection(b.rle()) == shared;
        assert ab == (union == 0 ? 0 : (double) shared / union) : ab;
    }

    @Property(tries = 300)
    void maskIouWithItselfIsOneAndWithItsComplementZero(@ForAll("masks") Mask mask) {
        Rle rle = mask.rle();
        assert rle.iou(rle) == (mask.area() > 0 ? 1.0 : 0.0) : rle;
        assert rle.iou(mask.complement().rle()) == 0.0 : mask;
    }

    // ---- box IoU ([x, y, width, height], as COCO)

    private static Instance box(double x, double y, double w, double h) {
        return Instance.truth(1, 1, new double[] {x, y, w, h}, null);
    }

    /**
     * Symmetric and in [0, 1]. Like pycocotools the sides of the overlap are {@code min(x + w) - max(x)}, so for
     * real coordinates a box's overlap with itself may differ from {@code w * h} in the last bits: 1e-9 slack.
     */
    @Property(tries = 1000)
    void boxIouIsSymmetricAndBounded(@ForAll @DoubleRange(min = -1e4, max = 1e4) double x,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double y, @ForAll @DoubleRange(min = 0.01, max = 5e3) double w,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double h, @ForAll @DoubleRange(min = -1e4, max = 1e4) double u,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double v, @ForAll @DoubleRange(min = 0.01, max = 5e3) double s,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double t) {
        Instance a = box(x, y, w, h);
        Instance b = box(u, v, s, t);
        double ab = a.boxIou(b);
        assert ab == b.boxIou(a) : ab + " != " + b.boxIou(a);
        assert ab >= 0 && ab <= 1 + 1e-9 : ab;
        assert Math.abs(a.boxIou(a) - 1) <= 1e-9 : a.boxIou(a);
    }

    /** On whole pixels (what COCO files hold) the IoU is exact: 1 with itself, never above 1. */
    @Property(tries = 1000)
    void boxIouOnPixelsIsExact(@ForAll @IntRange(min = -2000, max = 2000) int x, @ForAll @IntRange(min = -2000, max = 2000) int y,
            @ForAll @IntRange(min = 1, max = 2000) int w, @ForAll @IntRange(min = 1, max = 2000) int h,
            @ForAll @IntRange(min = -2000, max = 2000) int u, @ForAll @IntRange(min = -2000, max = 2000) int v,
            @ForAll @IntRange(min = 1, max = 2000) int s, @ForAll @IntRange(min = 1, max = 2000) int t) {
        Instance a = box(x, y, w, h);
        Instance b = box(u, v, s, t);
        assert a.boxIou(a) == 1.0;
        double ab = a.boxIou(b);
        assert ab >= 0 && ab <= 1 && ab == b.boxIou(a) : ab;
        long iw = Math.max(0, Math.min(x + w, u + s) - Math.max(x, u));
        long ih = Math.max(0, Math.min(y + h, v + t) - Math.max(y, v));
        long shared = iw * ih;
        assert ab == (double) shared / ((long) w * h + (long) s * t - shared) : ab;
    }

    /** Boxes that at most touch (one lies right of or below the other) have IoU 0. */
    @Property(tries = 1000)
    void disjointBoxesHaveIouZero(@ForAll @DoubleRange(min = -1e4, max = 1e4) double x,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double y, @ForAll @DoubleRange(min = 0.01, max = 5e3) double w,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double h, @ForAll @DoubleRange(min = 0, max = 1e3) double gap,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double other, @ForAll @DoubleRange(min = 0.01, max = 5e3) double s,
            @ForAll @DoubleRange(min = 0.01, max = 5e3) double t, @ForAll boolean right) {
        Instance a = box(x, y, w, h);
        Instance b = right ? box(x + w + gap, other, s, t) : box(other, y + h + gap, s, t);
        assert a.boxIou(b) == 0 && b.boxIou(a) == 0 : a + " " + b + ": " + a.boxIou(b);
    }
}
