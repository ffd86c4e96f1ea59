package org.alphaclip.proposals.internal.mask;

import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;

/**
 * Checks every proposer applies to prompts: a box must overlap the image (parts outside it are ignored),
 * a point must lie inside it. Messages number prompts from 1 as users count them.
 */
public final class Prompts {

    private Prompts() {
    }

    /** Throws when a box misses the image or a point lies outside it. */
    public static void check(RgbImage image, ProposalRequest request) throws ProposalException {
        List<Region.Box> boxes = request.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            Region.Box b = boxes.get(i);
            if (b.clip(image.width(), image.height()).isEmpty()) {
                throw new ProposalException("Box " + (i + 1) + " " + b.describe() + " lies outside the " + image.width() + "x"
                        + image.height() + " image");
            }
        }
        List<Region.Point> points = request.points();
        for (int i = 0; i < points.size(); i++) {
            Region.Point p = points.get(i);
            if (p.x() < 0 || p.y() < 0 || p.x() >= image.width() || p.y() >= image.height()) {
                throw new ProposalException("Point " + (i + 1) + " (" + p.x() + ", " + p.y() + ") lies outside the "
                        + image.width() + "x" + image.height() + " image");
            }
        }
    }

    /** The box clipped to the image, as inclusive pixel bounds {@code [x0, y0, x1, y1]} of the pixels it covers. */
    public static int[] pixelBounds(Region.Box box, int width, int height) {
        int x0 = (int) Math.max(0, Math.floor(box.x0()));
        int y0 = (int) Math.max(0, Math.floor(box.y0()));
        int x1 = (int) Math.min(width - 1, Math.ceil(box.x1()) - 1);
        int y1 = (int) Math.min(height - 1, Math.ceil(box.y1()) - 1);
        return new int[] {x0, y0, Math.max(x0, x1), Math.max(y0, y1)};
    }

    /** The number of automatic proposals to return: the request's limit, else the configured default (0 = all). */
    public static int limit(ProposalRequest request, int configuredDefault) {
        int limit = request.maxProposals() > 0 ? request.maxProposals() : configuredDefault;
        return limit > 0 ? limit : Integer.MAX_VALUE;
    }
}
