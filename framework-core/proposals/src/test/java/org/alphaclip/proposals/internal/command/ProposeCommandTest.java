package org.alphaclip.proposals.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.boxes.BoxProposer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The propose command's prompt grammar, listing, JSON, overlay and argument checks (without a framework). */
class ProposeCommandTest {

    @TempDir
    Path tmp;

    private final RgbImage image = new RgbImage(64, 48, new byte[64 * 48 * 3], null);

    @Test
    void listsProposalsAndDrawsThem() throws Exception {
        Path overlay = tmp.resolve("out/overlay.png");
        ProposalRequest request = ProposeCommand.request("2,3,20,30", "", "", 0, "--box", "10.5,10,40,40");
        ProposeCommand.ProposalList list = ProposeCommand.list("boxes", List.of("SAM package missing at /x; using boxes"), image,
                new BoxProposer().propose(image, request), overlay, false);
        String text = list.toString();
        assertTrue(text.startsWith("note: SAM package missing at /x; using boxes"), text);
        assertTrue(text.contains("2 proposals from boxes"), text);
        assertTrue(text.contains("[2,3,20,30]") && text.contains("[10,10,40,40]"), text);
        assertEquals(18 * 27, list.rows().get(0).area());
        assertTrue(Files.isRegularFile(overlay));
        assertEquals(64, ImageIO.read(overlay.toFile()).getWidth());
        JsonObject json = JsonParser.parseString(new ProposeCommand.ProposalList(list.proposer(), List.of(), list.rows(), null, true)
                .toString()).getAsJsonObject();
        assertEquals("boxes", json.get("proposer").getAsString());
        assertFalse(json.has("notes"), json.toString());
        assertEquals(2, json.getAsJsonArray("proposals").size());
        assertEquals(1.0, json.getAsJsonArray("proposals").get(0).getAsJsonObject().get("score").getAsDouble());
    }

    @Test
    void repeatedBoxesThenTheBoxesFileThenRepeatedPointsMakeTheRequest() throws Exception {
        Path file = tmp.resolve("boxes.json");
        Files.writeString(file, "[[1, 2, 3, 4], {\"bbox\": [5, 6, 10, 20]}]");
        ProposalRequest request = ProposeCommand.request("0,0,8,8", file.toString(), "1,2", 7, "--point", "3.5,4", "--box",
                "9,9,12,12");
        assertEquals(List.of(new Region.Box(0, 0, 8, 8), new Region.Box(9, 9, 12, 12), new Region.Box(1, 2, 3, 4),
                new Region.Box(5, 6, 15, 26)), request.boxes());
        assertEquals(List.of(new Region.Point(1, 2), new Region.Point(3.5, 4)), request.points());
        assertEquals(7, request.maxProposals());
        assertTrue(ProposeCommand.request("", "", "", 0).isAutomatic());
    }

    @Test
    void badArgumentsAreExplained() {
        assertEquals("--box expects x0,y0,x1,y1, got '1,2,3'", message(() -> ProposeCommand.request("1,2,3", "", "", 0)));
        assertTrue(message(() -> ProposeCommand.request("5,5,1,1", "", "", 0)).contains("x0 < x1"));
        assertTrue(message(() -> ProposeCommand.request("1,2,3,4/5,6,7,8", "", "", 0))
                .startsWith("--box is one box x0,y0,x1,y1; repeat --box for more boxes or give --boxes FILE"));
        assertTrue(message(() -> ProposeCommand.request("", "", "1,a", 0)).startsWith("--point expects x,y"));
        assertTrue(message(() -> ProposeCommand.request("", "", "", 0, "--points", "1,2/3,4"))
                .startsWith("alphaclip:propose takes point prompts as --point x,y, once per point"));
        assertEquals("--max must be at least 0, got -2", message(() -> ProposeCommand.request("", "", "", -2)));
        assertEquals("Missing value after the last --box", message(() -> ProposeCommand.request("1,1,2,2", "", "", 0, "--box")));
        assertTrue(message(() -> ProposeCommand.request("", "a.json", "", 0, "--boxes", "b.json"))
                .startsWith("Option '--boxes' is given more than once"));
        assertTrue(message(() -> ProposeCommand.request("", "", "", 0, "picture.png"))
                .startsWith("Unexpected argument 'picture.png' for alphaclip:propose"));
    }

    @Test
    void aMissingOrBadBoxesFileIsExplained() throws Exception {
        Path missing = tmp.resolve("none.json");
        assertTrue(assertThrows(IOException.class, () -> ProposeCommand.request("", missing.toString(), "", 0))
                .getMessage().contains("does not exist"));
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "[]");
        assertTrue(assertThrows(IOException.class, () -> ProposeCommand.request("", empty.toString(), "", 0))
                .getMessage().contains("holds no boxes"));
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
