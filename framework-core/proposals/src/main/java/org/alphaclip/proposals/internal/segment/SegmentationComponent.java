package org.alphaclip.proposals.internal.segment;

import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the classical {@code segmentation} proposer ({@link SegmentationProposer}), ranked below SAM
 * and above the others, so it is the default whenever no SAM package is installed.
 */
@Component(service = MaskProposer.class, configurationPid = SegmentationComponent.PID, property = {
        MaskProposer.PROPERTY_NAME + "=" + SegmentationProposer.NAME, "service.ranking:Integer=200"})
@Designate(ocd = SegmentationComponent.Config.class)
public final class SegmentationComponent implements MaskProposer {

    /** Configuration PID ({@code etc/org.alphaclip.proposals.segmentation.cfg}). */
    public static final String PID = "org.alphaclip.proposals.segmentation";

    /** Segmentation settings. */
    @ObjectClassDefinition(name = "Alpha-CLIP classical mask proposer")
    public @interface Config {
        /** Longest side the image is reduced to before segmenting. */
        @AttributeDefinition(description = "Working size in pixels (longest side)")
        int workingSize() default 320;

        /** Gaussian smoothing before segmenting. */
        @AttributeDefinition(description = "Gaussian smoothing sigma in working pixels")
        double sigma() default 0.8;

        /** Felzenszwalb-Huttenlocher scales; larger values give larger segments. */
        @AttributeDefinition(description = "Felzenszwalb-Huttenlocher k values, one segmentation each")
        double[] scales() default {150, 400, 1000, 2500};

        /** Smallest automatic proposal as a fraction of the image. */
        @AttributeDefinition(description = "Smallest proposal as a fraction of the image area")
        double minAreaFraction() default 0.002;

        /** Largest automatic proposal as a fraction of the image. */
        @AttributeDefinition(description = "Largest proposal as a fraction of the image area")
        double maxAreaFraction() default 0.85;

        /** Regions covering more of the image border than this are background. */
        @AttributeDefinition(description = "Border fraction above which a region counts as background")
        double borderFraction() default 0.3;

        /** Proposals overlapping a better one by more than this mask IoU are dropped. */
        @AttributeDefinition(description = "Mask IoU above which a proposal is a duplicate")
        double duplicateIou() default 0.85;

        /** Automatic proposals returned when a request sets no limit (0 = all). */
        @AttributeDefinition(description = "Automatic proposals returned when the request sets no limit (0 = all)")
        int maxProposals() default 50;
    }

    private final SegmentationProposer proposer;

    /** Creates the proposer from its configuration. */
    @Activate
    public SegmentationComponent(Config config) {
        this.proposer = new SegmentationProposer(new Segmenter.Settings(config.workingSize(), config.sigma(), config.scales(),
                config.minAreaFraction(), config.maxAreaFraction(), config.borderFraction()), config.maxProposals(),
                config.duplicateIou());
    }

    @Override
    public String name() {
        return proposer.name();
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        return proposer.propose(image, request);
    }
}
