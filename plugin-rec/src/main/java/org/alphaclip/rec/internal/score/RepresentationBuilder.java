package org.alphaclip.rec.internal.score;

import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.rec.internal.image.Pixels;
import org.alphaclip.rec.internal.proposal.Proposal;
import org.alphaclip.sdk.image.GaussianBlur;

/** Builds the encoder input of each representation of the proposals of one image; blurs the image once. */
final class RepresentationBuilder {

    private static final int[] RED = {255, 0, 0};

    private final RgbImage image;
    private final ScoringSettings settings;
    private RgbImage blurred;

    RepresentationBuilder(RgbImage image, ScoringSettings settings) {
        this.image = image;
        this.settings = settings;
    }

    /** The encoder input showing {@code proposal} as {@code representation}. */
    RegionImage build(Representation representation, Proposal proposal) {
        GrayImage keep = settings.alpha() == AlphaMode.MASK ? proposal.mask()
                : Pixels.boxMask(image.width(), image.height(), proposal.box());
        RgbImage shown = switch (representation) {
            case FULL -> image;
            case BLUR -> Pixels.composite(image, blurred(), keep);
            case GRAY -> Pixels.grayOutside(image, keep);
            case CROP -> image;
            case CIRCLE -> Pixels.ellipse(image, proposal.box(), RED,
                    Math.max(2, Math.round(Math.max(image.width(), image.height()) / 150.0)));
        };
        if (representation == Representation.CROP) {
            int[] bounds = Pixels.pixelBounds(proposal.box(), image.width(), image.height());
            shown = Pixels.crop(image, bounds);
            keep = Pixels.crop(keep, bounds);
        }
        if (settings.square() && shown.width() != shown.height()) {
            int side = Math.max(shown.width(), shown.height());
            shown = Pixels.stretch(shown, side, side);
            keep = Pixels.stretch(keep, side, side);
        }
        Region region = settings.alpha() == AlphaMode.WHOLE ? new Region.Whole() : new Region.Mask(keep);
        return new RegionImage(shown, region);
    }

    private RgbImage blurred() {
        if (blurred == null) {
            blurred = GaussianBlur.blur(image, settings.blurRadius());
        }
        return blurred;
    }
}
