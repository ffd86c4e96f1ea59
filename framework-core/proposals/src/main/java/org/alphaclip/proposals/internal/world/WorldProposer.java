package org.alphaclip.proposals.internal.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.proposals.internal.mask.Prompts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code world} proposer: the synthetic world's true object masks, for tests and upper-bound rows of
 * evaluations only. It exists only when configured with dataset folders, and it is registered with
 * {@link MaskProposers#PROPERTY_FALLBACK}{@code =false}, so it answers only requests that name it.
 * Automatic requests give every visible object of the matching scene; a box prompt gives the object whose
 * box overlaps it most (box IoU); a point prompt the topmost object under the point.
 */
@Component(service = MaskProposer.class, configurationPid = WorldProposer.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {
                MaskProposer.PROPERTY_NAME + "=" + WorldProposer.NAME, "service.ranking:Integer=-100",
                MaskProposers.PROPERTY_FALLBACK + ":Boolean=false"})
@Designate(ocd = WorldProposer.Config.class)
public final class WorldProposer implements MaskProposer {

    /** The proposer's name. */
    public static final String NAME = "world";
    /** Configuration PID ({@code etc/org.alphaclip.proposals.world.cfg}); without it there is no world proposer. */
    public static final String PID = "org.alphaclip.proposals.world";

    /** Which datasets to know. */
    @ObjectClassDefinition(name = "Alpha-CLIP synthetic-world mask proposer (true masks)")
    public @interface Config {
        /** Dataset folders written by world:generate (each with scenes.jsonl). */
        @AttributeDefinition(description = "World dataset folders (each with scenes.jsonl)")
        String[] datasetDirs();
    }

    private final WorldScenes scenes;
    private final List<Path> folders;

    /** A proposer over the configured datasets, reading their PNGs with the framework's image reader. */
    @Activate
    public WorldProposer(Config config, @Reference ImageReader images) {
        this(Arrays.stream(config.datasetDirs()).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList(), images);
    }

    /** A proposer over these dataset folders. */
    public WorldProposer(List<Path> folders, ImageReader images) {
        this.folders = List.copyOf(folders);
        this.scenes = new WorldScenes(this.folders, images);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        Prompts.check(image, request);
        WorldScenes.Scene scene;
        try {
            scene = scenes.find(image);
        } catch (IOException e) {
            throw new ProposalException("Cannot read the world datasets " + folders + ": " + e.getMessage(), e);
        }
        if (scene == null) {
            throw new ProposalException("This " + image.width() + "x" + image.height() + " image is not a scene of the world "
                    + "datasets " + folders + "; the world proposer only knows generated scenes");
        }
        List<MaskProposal> out = new ArrayList<>();
        if (request.isAutomatic()) {
            int limit = Prompts.limit(request, 0);
            for (int k = 0; k < scene.objects().size() && out.size() < limit; k++) {
                MaskProposal p = proposal(scene, k, "world:" + scene.id() + " object " + k);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }
        for (int i = 0; i < request.boxes().size(); i++) {
            int k = bestBox(scene, request.boxes().get(i));
            MaskProposal p = k < 0 ? null : proposal(scene, k, "world:" + scene.id() + " box " + (i + 1) + " object " + k);
            if (p == null) {
                throw new ProposalException("Box " + (i + 1) + " " + request.boxes().get(i).describe()
                        + " overlaps no visible object of world scene " + scene.id());
            }
            out.add(p);
        }
        for (int i = 0; i < request.points().size(); i++) {
            Region.Point point = request.points().get(i);
            MaskProposal found = null;
            for (int k = scene.objects().size() - 1; k >= 0 && found == null; k--) {
                MaskProposal p = proposal(scene, k, "world:" + scene.id() + " point " + (i + 1) + " object " + k);
                if (p != null && p.mask().value((int) point.x(), (int) point.y()) >= 128) {
                    found = p;
                }
            }
            if (found == null) {
                throw new ProposalException("Point " + (i + 1) + " (" + point.x() + ", " + point.y() + ") lies on no object of "
                        + "world scene " + scene.id());
            }
            out.add(found);
        }
        return out;
    }

    private static int bestBox(WorldScenes.Scene scene, Region.Box box) {
        int best = -1;
        double bestIou = 0;
        for (int k = 0; k < scene.objects().size(); k++) {
            double iou = scene.objects().get(k).box().iou(box);
            if (iou > bestIou) {
                best = k;
                bestIou = iou;
            }
        }
        return best;
    }

    private MaskProposal proposal(WorldScenes.Scene scene, int k, String source) throws ProposalException {
        WorldScenes.SceneObject object = scene.objects().get(k);
        GrayImage mask;
        try {
            mask = scenes.readMask(object);
        } catch (IOException e) {
            throw new ProposalException("Cannot read the mask of object " + k + " of world scene " + scene.id() + ": "
                    + e.getMessage(), e);
        }
        Region.Box box = BinaryMask.of(mask, 128).box();
        return box == null ? null : new MaskProposal(mask, box, 1.0, source + " (" + object.label() + ", true mask)");
    }
}
