package org.alphaclip.proposals.internal.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;
import org.alphaclip.world.internal.dataset.DatasetReader;
import org.alphaclip.world.internal.dataset.DatasetWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The world proposer on a dataset written by the world module's own writer. */
class WorldProposerTest {

    private static final ImageReader IMAGES = new ImageFileReader(ImageFileReader.MAX_SUPPORTED_PIXELS);

    @TempDir
    static Path tmp;

    private static Path dataset;
    private static List<Scene> scenes;

    @BeforeAll
    static void generate() throws Exception {
        SceneGenerator generator = Renderers.generator("raster");
        dataset = tmp.resolve("world");
        DatasetWriter.write(generator, 11L, "test", 3, SceneSpec.DEFAULT.withSize(96), dataset, done -> { });
        scenes = DatasetReader.read(dataset, 10, IMAGES);
    }

    @Test
    void automaticRequestsGiveTheTrueMasks() throws Exception {
        WorldProposer proposer = new WorldProposer(List.of(dataset), IMAGES);
        for (Scene scene : scenes) {
            List<MaskProposal> out = proposer.propose(scene.image(), ProposalRequest.automatic());
            long visible = scene.objects().stream().filter(o -> BinaryMask.of(o.mask(), 128).area() > 0).count();
            assertEquals(visible, out.size());
            for (MaskProposal p : out) {
                assertEquals(1.0, p.score());
                assertTrue(p.source().startsWith("world:test-"), p.source());
                assertTrue(scene.objects().stream().anyMatch(o -> java.util.Arrays.equals(o.mask().values(), p.mask().values())));
            }
        }
    }

    @Test
    void boxAndPointPromptsPickTheObject() throws Exception {
        WorldProposer proposer = new WorldProposer(List.of(dataset), IMAGES);
        Scene scene = scenes.get(0);
        SceneObject top = scene.objects().get(scene.objects().size() - 1);
        BinaryMask mask = BinaryMask.of(top.mask(), 128);
        Region.Box box = mask.box();
        int[] inside = firstPixel(mask);
        List<MaskProposal> out = proposer.propose(scene.image(), new ProposalRequest(List.of(box),
                List.of(new Region.Point(inside[0] + 0.5, inside[1] + 0.5)), 0));
        assertArrayEquals(top.mask().values(), out.get(0).mask().values());
        assertArrayEquals(top.mask().values(), out.get(1).mask().values());
    }

    @Test
    void unknownImagesAndMissingDatasetsAreExplained() {
        WorldProposer proposer = new WorldProposer(List.of(dataset), IMAGES);
        RgbImage other = new RgbImage(96, 96, new byte[96 * 96 * 3], null);
        ProposalException unknown = assertThrows(ProposalException.class, () -> proposer.propose(other, ProposalRequest.automatic()));
        assertTrue(unknown.getMessage().contains("is not a scene of the world datasets"), unknown.getMessage());
        WorldProposer missing = new WorldProposer(List.of(tmp.resolve("absent")), IMAGES);
        ProposalException e = assertThrows(ProposalException.class, () -> missing.propose(other, ProposalRequest.automatic()));
        assertTrue(e.getMessage().contains("No world dataset at"), e.getMessage());
    }

    private static int[] firstPixel(BinaryMask mask) {
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.get(x, y)) {
                    return new int[] {x, y};
                }
            }
        }
        throw new AssertionError("empty mask");
    }
}
