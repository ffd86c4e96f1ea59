package org.alphaclip.proposals.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.boxes.BoxProposer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The propose command's listing, JSON, overlay and argument checks (without a framework). */
class ProposeCommandTest {

    @TempDir
    Path tmp;

    private final RgbImage image = new RgbImage(64, 48, new byte[64 * 48 * 3], null);

    @Test
    void listsProposalsAndDrawsThem() throws Exception {
        Path overlay = tmp.resolve("out/overlay.png");
        ProposeCommand.ProposalList list = ProposeCommand.run(new BoxProposer(), "SAM package missing at /x; using boxes", image,
                ProposalRequest.forBoxes(ProposeCommand.parseBoxes("2,3,20,30/10.5,10,40,40")), overlay, false);
        String text = list.toString();
        assertTrue(text.startsWith("note: SAM package missing at /x; using boxes"), text);
        assertTrue(text.contains("2 proposals from boxes"), text);
        assertTrue(text.contains("[2,3,20,30]") && text.contains("[10,10,40,40]"), text);
        assertEquals(18 * 27, list.rows().get(0).area());
        assertTrue(Files.isRegularFile(overlay));
        assertEquals(64, ImageIO.read(overlay.toFile()).getWidth());
        JsonObject json = JsonParser.parseString(new ProposeCommand.ProposalList(list.proposer(), null, list.rows(), null, true)
                .toString()).getAsJsonObject();
        assertEquals("boxes", json.get("proposer").getAsString());
        assertEquals(2, json.getAsJsonArray("proposals").size());
        assertEquals(1.0, json.getAsJsonArray("proposals").get(0).getAsJsonObject().get("score").getAsDouble());
    }

    @Test
    void badArgumentsAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProposeCommand.parseBoxes("1,2,3"))
                .getMessage().contains("--box needs 4 comma-separated numbers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProposeCommand.parseBoxes("5,5,1,1"))
                .getMessage().contains("x0 < x1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProposeCommand.parsePoints("1,a"))
                .getMessage().contains("'a' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProposeCommand.parseMax("-2"))
                .getMessage().contains("--max needs a whole number"));
        assertEquals(List.of(new Region.Point(1, 2), new Region.Point(3.5, 4)), ProposeCommand.parsePoints("1,2/3.5,4"));
    }
}
