package org.alphaclip.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.alphaclip.api.region.Region;
import org.junit.jupiter.api.Test;

/** The region options of the {@code alphaclip:*} commands: what they give, and the one sentence a malformed one gets. */
class RegionArgumentsTest {

    private static Region parse(String box, String points, String radius, String stroke, String width, String threshold)
            throws Exception {
        return RegionArguments.parse("", box, points, radius, stroke, width, false, threshold, null);
    }

    private static String refusal(String box, String points, String radius, String stroke, String width, String threshold) {
        return assertThrows(IllegalArgumentException.class, () -> parse(box, points, radius, stroke, width, threshold)).getMessage();
    }

    @Test
    void wellFormedOptionsGiveTheirRegion() throws Exception {
        assertEquals(new Region.Box(10, 20, 110, 90), parse("10,20,110,90", "", "10", "", "10", "128"));
        assertEquals(new Region.Points(List.of(new Region.Point(50, 60), new Region.Point(70.5, 80)), 12),
                parse("", "50,60/70.5, 80", "12", "", "10", "128"));
        assertEquals(new Region.Strokes(List.of(List.of(new Region.Point(10, 10), new Region.Point(80, 40))), 15),
                parse("", "", "10", "10,10/80,40", "15", "128"));
        assertEquals(new Region.Whole(), parse("", "", "10", "", "10", " 255 "));
    }

    @Test
    void malformedOptionsGetOneSentenceNamingTheOptionAndTheForm() {
        assertEquals("--box expects x0,y0,x1,y1, got '10,10'", refusal("10,10", "", "10", "", "10", "128"));
        assertEquals("--box expects x0,y0,x1,y1 with finite numbers, got 'ten'", refusal("ten,0,20,20", "", "10", "", "10", "128"));
        assertEquals("--box expects x0,y0,x1,y1 with finite numbers, got 'NaN'", refusal("0,0,NaN,20", "", "10", "", "10", "128"));
        assertEquals("--points expects x,y/x,y/..., got '70'", refusal("", "50,60/70", "10", "", "10", "128"));
        assertEquals("--stroke expects x,y/x,y/..., got ''", refusal("", "", "10", "10,10//80,40", "10", "128"));
        assertEquals("--radius must be a positive number, got '0'", refusal("", "1,2", "0", "", "10", "128"));
        assertEquals("--radius must be a positive number, got 'wide'", refusal("", "1,2", "wide", "", "10", "128"));
        assertEquals("--width must be a positive number, got 'Infinity'", refusal("", "", "10", "1,2/3,4", "Infinity", "128"));
        assertEquals("--threshold expects a whole number, got '12.5'", refusal("", "", "10", "", "10", "12.5"));
        assertEquals("--threshold must be 1..255 (255 = the official '== 255' rule), got 0", refusal("", "", "10", "", "10", "0"));
        assertEquals("Give one region: --mask, --box, --points, --stroke or --image-alpha",
                refusal("0,0,10,10", "1,2", "10", "", "10", "128"));
    }

    @Test
    void aBoxWithoutAreaIsRefusedByTheRegionItself() {
        assertEquals("Box needs x0 < x1 and y0 < y1, got [5.0,5.0,1.0,1.0]", refusal("5,5,1,1", "", "10", "", "10", "128"));
    }
}
