package org.alphaclip.proposals.internal.sam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.session.InferenceSessions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the {@code sam} {@link MaskProposer} when the configured SAM package is present and sound,
 * with the highest default ranking so it becomes the default. Otherwise (and when its graphs turn out
 * damaged on first use) it publishes a {@link SamUnavailable} status instead, whose
 * {@value #PROPERTY_UNAVAILABLE} property tells callers why, e.g. to print "SAM package missing at X;
 * using segmentation". A missing package is logged at INFO, a broken one as a warning.
 */
@Component(immediate = true, service = {}, configurationPid = SamComponent.PID)
@Designate(ocd = SamComponent.Config.class)
public final class SamComponent {

    /** Configuration PID ({@code etc/org.alphaclip.proposals.sam.cfg}). */
    public static final String PID = "org.alphaclip.proposals.sam";
    /** Service property of the {@link SamUnavailable} status: why SAM is not offered, as a sentence. */
    public static final String PROPERTY_UNAVAILABLE = "alphaclip.proposer.unavailable";
    /** Default {@code service.ranking}: above the classical segmenter. */
    public static final int RANKING = 300;

    private static final Logger LOG = Logger.getLogger("org.alphaclip.proposals.sam");

    /** Where the package is and how automatic masks are made (segment-anything's generator defaults). */
    @ObjectClassDefinition(name = "Alpha-CLIP SAM mask proposer")
    public @interface Config {
        /** The SAM package folder; {@code ${alphaclip.home}} is the application folder. */
        @AttributeDefinition(description = "SAM package folder (encoder.onnx, decoder.onnx, sam-package.json)")
        String packageDir() default "${alphaclip.home}/models/sam";

        /** Grid points per side for automatic masks (MaskImageNet used 16). */
        @AttributeDefinition(description = "Automatic masks: grid points per image side")
        int pointsPerSide() default 32;

        /** Keep automatic masks whose predicted IoU is above this. */
        @AttributeDefinition(description = "Automatic masks: predicted IoU threshold (exclusive)")
        double predIouThresh() default 0.88;

        /** Keep automatic masks whose stability score is at least this. */
        @AttributeDefinition(description = "Automatic masks: stability score threshold")
        double stabilityScoreThresh() default 0.95;

        /** Logit offset of the stability score. */
        @AttributeDefinition(description = "Automatic masks: stability score offset")
        double stabilityScoreOffset() default 1.0;

        /** Box IoU above which a weaker mask is dropped. */
        @AttributeDefinition(description = "Automatic masks: box NMS threshold")
        double boxNmsThresh() default 0.7;

        /** Extra layers of image crops (0 = whole image only). */
        @AttributeDefinition(description = "Automatic masks: crop layers")
        int cropNLayers() default 0;

        /** Box IoU above which masks from different crops are merged. */
        @AttributeDefinition(description = "Automatic masks: NMS threshold across crops")
        double cropNmsThresh() default 0.7;

        /** Overlap of neighbouring crops as a fraction of the short side. */
        @AttributeDefinition(description = "Automatic masks: crop overlap ratio")
        double cropOverlapRatio() default 512.0 / 1500.0;

        /** Grid points per side are divided by this for each crop layer. */
        @AttributeDefinition(description = "Automatic masks: point downscale factor per crop layer")
        int cropNPointsDownscaleFactor() default 1;

        /** Holes and islands smaller than this are removed (0 = off). */
        @AttributeDefinition(description = "Automatic masks: minimum region area in pixels")
        int minMaskRegionArea() default 0;

        /** Automatic proposals returned when a request sets no limit (0 = all). */
        @AttributeDefinition(description = "Automatic proposals returned when the request sets no limit (0 = all)")
        int maxProposals() default 100;

        /** The proposer's service ranking. */
        @AttributeDefinition(description = "service.ranking of the sam proposer")
        int ranking() default RANKING;
    }

    private final BundleContext context;
    private final Object lock = new Object();
    private SamProposer proposer;
    private ServiceRegistration<?> registration;
    private boolean active = true;

    /** Reads the package and publishes the proposer, or the reason it is unavailable. */
    @Activate
    public SamComponent(BundleContext context, @Reference InferenceSessions sessions, Config config) {
        this.context = context;
        String home = context.getProperty("alphaclip.home");
        String configured = config.packageDir().strip();
        if (configured.contains("${alphaclip.home}") && home == null) {
            unavailable("SAM package missing: packageDir is " + configured + " but alphaclip.home is not set", false);
            return;
        }
        Path dir = Path.of(configured.replace("${alphaclip.home}", home == null ? "" : home)).toAbsolutePath().normalize();
        SamPackage samPackage;
        try {
            samPackage = SamPackage.read(dir);
        } catch (InvalidModelException e) {
            unavailable(e.getMessage(), Files.exists(dir));
            return;
        }
        SamProposer created = proposer(samPackage, sessions, config, this::broken);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MaskProposer.PROPERTY_NAME, SamProposer.NAME);
        properties.put(Constants.SERVICE_RANKING, config.ranking());
        properties.put("alphaclip.proposer.location", dir.toString());
        synchronized (lock) {
            proposer = created;
            registration = context.registerService(MaskProposer.class, created, properties);
        }
        LOG.info("SAM mask proposer from " + dir + " (" + samPackage.name() + ")");
    }

    /**
     * The proposer a configuration describes, over a package already read (also used outside a framework).
     *
     * @param onBroken told why, when the package's sessions stop working
     */
    public static SamProposer proposer(SamPackage samPackage, InferenceSessions sessions, Config config,
            Consumer<String> onBroken) {
        AmgSettings settings = new AmgSettings(config.pointsPerSide(), config.predIouThresh(), config.stabilityScoreThresh(),
                config.stabilityScoreOffset(), config.boxNmsThresh(), config.cropNLayers(), config.cropNmsThresh(),
                config.cropOverlapRatio(), config.cropNPointsDownscaleFactor(), config.minMaskRegionArea());
        return new SamProposer(samPackage, sessions, settings, config.maxProposals(), onBroken);
    }

    private void broken(String reason) {
        synchronized (lock) {
            if (!active || proposer == null) {
                return;
            }
            unregister();
        }
        unavailable(reason, true);
    }

    private void unavailable(String reason, boolean warn) {
        String message = reason + "; the sam proposer is not available";
        if (warn) {
            LOG.warning(message);
        } else {
            LOG.info(message);
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MaskProposer.PROPERTY_NAME, SamProposer.NAME);
        properties.put(PROPERTY_UNAVAILABLE, reason);
        synchronized (lock) {
            if (active) {
                registration = context.registerService(SamUnavailable.class, new SamUnavailable(reason), properties);
            }
        }
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework already removed it while the bundle stopped
            }
            registration = null;
        }
        if (proposer != null) {
            proposer.close();
            proposer = null;
        }
    }

    /** Withdraws the service and releases the SAM sessions. */
    @Deactivate
    public void deactivate() {
        synchronized (lock) {
            active = false;
            unregister();
        }
    }
}
