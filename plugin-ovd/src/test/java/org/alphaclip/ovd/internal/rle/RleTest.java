package org.alphaclip.ovd.internal.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class RleTest {

    /** Builds a row-major map from rows of '0'/'1'. */
    private static boolean[] map(String... rows) {
        boolean[] out = new boolean[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length(); x++) {
                out[y * rows[0].length() + x] = rows[y].charAt(x) == '1';
            }
        }
        return out;
    }

    @Test
    void countsRunColumnByColumnStartingWithBackground() {
        // 3 rows x 2 columns; column 0 reads 0,1,0 and column 1 reads 1,1,0: runs 0x1, 1x1, 0x1, 1x2, 0x1
        Rle rle = Rle.encode(map("01", "11", "00"), 2, 3);
        assertArrayEquals(new int[] {1, 1, 1, 2, 1}, rle.counts());
        assertEquals(3, rle.area());
        assertArrayEquals(new int[] {0, 0, 2, 2}, rle.bbox());
        // counts 1, 1, 1 as themselves; then 2 - 1 = 1 and 1 - 1 = 0 (differences to the count two before)
        assertEquals("11110", rle.compressed());
    }

    @Test
    void knownCompressedStringsComputedByHand() {
        assertEquals("4", new Rle(2, 2, new int[] {4}).compressed());
        assertEquals("04", new Rle(2, 2, new int[] {0, 4}).compressed());
        // 100 = 3 * 32 + 4: first group 4 with the continuation bit (4 | 32 = 36, '0' + 36 = 'T'), then 3 -> '3'
        assertEquals("T3", new Rle(10, 10, new int[] {100}).compressed());
        // 16 needs two groups because bit 0x10 of a last group means negative: 16 | 32 = 48 -> '`', then 0 -> '0'
        assertEquals("`0", new Rle(4, 4, new int[] {16}).compressed());
        // differences may be negative: counts 5, 1, 1, 0 give 5, 1, 1, 0 - 1 = -1; -1 is one group 31 -> 'O'
        assertEquals("511O", new Rle(7, 1, new int[] {5, 1, 1, 0}).compressed());
        // counts 0, 20, 10, 3, 27 are written as 0, 20, 10, 3 - 20 = -17, 27 - 10 = 17:
        // 0 -> '0'; 20 has bit 0x10, so a second group: 20 | 32 = 52 -> 'd', 0 -> '0'; 10 -> ':';
        // -17 -> groups 15 (continued: 47 -> '_') and 31 (sign) -> 'O'; 17 -> 17 | 32 = 49 -> 'a', 0 -> '0'
        assertEquals("0d0:_Oa0", new Rle(1, 60, new int[] {0, 20, 10, 3, 27}).compressed());
    }

    @Test
    void compressedStringsParseBack() {
        assertArrayEquals(new int[] {1, 1, 1, 2, 1}, Rle.fromCompressed(3, 2, "11110").counts());
        assertArrayEquals(new int[] {100}, Rle.fromCompressed(10, 10, "T3").counts());
        assertArrayEquals(new int[] {5, 1, 1, 0}, Rle.fromCompressed(7, 1, "511O").counts());
        Rle negative = new Rle(1, 60, new int[] {0, 20, 10, 3, 27});
        assertEquals(negative, Rle.fromCompressed(1, 60, negative.compressed()));
    }

    @Test
    void randomMasksRoundTripThroughEncodingAndTheString() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            boolean[] mask = new boolean[w * h];
            double density = random.nextDouble();
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextDouble() < density;
            }
            Rle rle = Rle.encode(mask, w, h);
            assertArrayEquals(mask, rle.decode());
            Rle parsed = Rle.fromCompressed(h, w, rle.compressed());
            assertEquals(rle, parsed);
            long area = 0;
            int x0 = w;
            int y0 = h;
            int x1 = -1;
            int y1 = -1;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    area++;
                    x0 = Math.min(x0, i % w);
                    y0 = Math.min(y0, i / w);
                    x1 = Math.max(x1, i % w);
                    y1 = Math.max(y1, i / w);
                }
            }
            assertEquals(area, rle.area());
            assertArrayEquals(area == 0 ? new int[4] : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1}, rle.bbox());
        }
    }

    @Test
    void intersectionAndIouMatchPixelCounts() {
        Random random = new Random(11);
        for (int trial = 0; trial < 100; trial++) {
            int w = 1 + random.nextInt(30);
            int h = 1 + random.nextInt(30);
            boolean[] a = new boolean[w * h];
            boolean[] b = new boolean[w * h];
            long shared = 0;
            long union = 0;
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextBoolean();
                b[i] = random.nextInt(3) == 0;
                shared += a[i] && b[i] ? 1 : 0;
                union += a[i] || b[i] ? 1 : 0;
            }
            Rle ra = Rle.encode(a, w, h);
            Rle rb = Rle.encode(b, w, h);
            assertEquals(shared, ra.intersection(rb));
            assertEquals(union == 0 ? 0 : (double) shared / union, ra.iou(rb), 1e-12);
        }
    }

    @Test
    void refusesCountsThatDoNotCoverTheMaskAndBadCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new Rle(2, 2, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Rle.fromCompressed(2, 2, "4~"));
        assertThrows(IllegalArgumentException.class, () -> Rle.fromCompressed(10, 10, "T"));
        assertThrows(IllegalArgumentException.class, () -> Rle.encode(new boolean[3], 2, 2)
                .intersection(new Rle(1, 1, new int[] {1})));
    }
}
