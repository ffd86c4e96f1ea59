package org.alphaclip.proposals.internal.boxes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.mask.BinaryMask;
import org.alphaclip.proposals.internal.mask.Prompts;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code boxes} proposer: each box prompt becomes a mask filling the box (clipped to the image).
 * Such masks are coarser than segmentation masks (they include background inside the box); the source
 * says so and the first use logs it. Point prompts and automatic requests are refused, since there is no
 * box to fill.
 */
@Component(service = MaskProposer.class, property = {MaskProposer.PROPERTY_NAME + "=" + BoxProposer.NAME,
        "service.ranking:Integer=100"})
public final class BoxProposer implements MaskProposer {

    /** The proposer's name. */
    public static final String NAME = "boxes";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.proposals.boxes");

    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        if (request.isAutomatic()) {
            throw new ProposalException("The boxes proposer turns box prompts into masks and needs boxes (e.g. --box "
                    + "x0,y0,x1,y1); for automatic proposals use the segmentation or sam proposer");
        }
        if (!request.points().isEmpty()) {
            throw new ProposalException("The boxes proposer needs box prompts, not points; use the segmentation or sam "
                    + "proposer for point prompts");
        }
        Prompts.check(image, request);
        if (warned.compareAndSet(false, true)) {
            LOG.warning("Box masks are coarser than segmentation masks: they fill the whole box, background included");
        }
        List<MaskProposal> out = new ArrayList<>();
        for (int i = 0; i < request.boxes().size(); i++) {
            int[] b = Prompts.pixelBounds(request.boxes().get(i), image.width(), image.height());
            boolean[] pixels = new boolean[image.width() * image.height()];
            for (int y = b[1]; y <= b[3]; y++) {
                for (int x = b[0]; x <= b[2]; x++) {
                    pixels[y * image.width() + x] = true;
                }
            }
            BinaryMask mask = new BinaryMask(image.width(), image.height(), pixels);
            Region.Box box = mask.box();
            out.add(new MaskProposal(mask.toGray(), box, 1.0, "boxes:box " + (i + 1)
                    + " (warning: a filled box, coarser than a segmentation mask)"));
        }
        return out;
    }
}
