package org.alphaclip.sdk.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

/** The region options of every command: what they give, and the one sentence a malformed one gets. */
class RegionOptionsTest {

    private static Region parse(String box, String points, double radius, String stroke, double width, int threshold)
            throws Exception {
        return new RegionOptions("", box, points, radius, stroke, width, false, threshold).toRegion(null);
    }

    private static String refusal(String box, String points, double radius, String stroke, double width, int threshold) {
        return assertThrows(IllegalArgumentException.class, () -> parse(box, points, radius, stroke, width, threshold)).getMessage();
    }

    @Test
    void wellFormedOptionsGiveTheirRegion() throws Exception {
        assertEquals(new Region.Box(10, 20, 110, 90), parse("10,20,110,90", "", 10, "", 10, 128));
        assertEquals(new Region.Points(List.of(new Region.Point(50, 60), new Region.Point(70.5, 80)), 12),
                parse("", "50,60/70.5, 80", 12, "", 10, 128));
        assertEquals(new Region.Strokes(List.of(List.of(new Region.Point(10, 10), new Region.Point(80, 40))), 15),
                parse("", "", 10, "10,10/80,40", 15, 128));
        assertEquals(new Region.Whole(), parse("", "", 10, "", 10, 255));
        assertEquals(new Region.ImageAlpha(200), new RegionOptions("", "", "", 10, "", 10, true, 200).toRegion(null));
    }

    @Test
    void malformedOptionsGetOneSentenceNamingTheOptionAndTheForm() {
        assertEquals("--box expects x0,y0,x1,y1, got '10,10'", refusal("10,10", "", 10, "", 10, 128));
        assertEquals("--box expects x0,y0,x1,y1 with finite numbers, got 'ten,0,20,20'", refusal("ten,0,20,20", "", 10, "", 10, 128));
        assertEquals("--box expects x0,y0,x1,y1 with finite numbers, got '0,0,NaN,20'", refusal("0,0,NaN,20", "", 10, "", 10, 128));
        assertEquals("--box needs x0 < x1 and y0 < y1, got '5,5,1,1'", refusal("5,5,1,1", "", 10, "", 10, 128));
        assertEquals("--points expects x,y/x,y/..., got '70'", refusal("", "50,60/70", 10, "", 10, 128));
        assertEquals("--stroke expects x,y/x,y/..., got ''", refusal("", "", 10, "10,10//80,40", 10, 128));
        assertEquals("--radius must be a positive number, got 0", refusal("", "1,2", 0, "", 10, 128));
        assertEquals("--radius must be a positive number, got NaN", refusal("", "1,2", Double.NaN, "", 10, 128));
        assertEquals("--width must be a positive number, got Infinity", refusal("", "", 10, "1,2/3,4", Double.POSITIVE_INFINITY, 128));
        assertEquals("--threshold must be 1..255 (255 = the official '== 255' rule), got 0", refusal("", "", 10, "", 10, 0));
        assertEquals("Give one region: --mask, --box, --points, --stroke or --image-alpha",
                refusal("0,0,10,10", "1,2", 10, "", 10, 128));
    }

    @Test
    void aPointPromptIsOnePoint() {
        assertEquals(new Region.Point(3, 4.5), RegionOptions.point("--point", "3, 4.5"));
        assertEquals("--point expects x,y, got '3,4/5,6'",
                assertThrows(IllegalArgumentException.class, () -> RegionOptions.point("--point", "3,4/5,6")).getMessage());
    }

    @Test
    void aMaskIsReadWithTheThreshold() throws Exception {
        ImageReader masks = new ImageReader() {
            @Override
            public RgbImage readImage(Path file) {
                throw new UnsupportedOperationException();
            }

            @Override
            public GrayImage readMask(Path file) {
                return new GrayImage(4, 3, new byte[12]);
            }

            @Override
            public long maxPixels() {
                return 1 << 20;
            }
        };
        Region.Mask mask = (Region.Mask) new RegionOptions("m.png", "", "", 10, "", 10, false, 200).toRegion(masks);
        assertEquals(200, mask.threshold());
        assertEquals(4, mask.mask().width());
    }
}
