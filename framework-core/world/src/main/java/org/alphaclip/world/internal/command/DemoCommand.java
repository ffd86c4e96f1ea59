package org.alphaclip.world.internal.command;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.LabelScore;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.image.RegionRasterizer;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Seeds;
import org.alphaclip.world.internal.eval.Evaluation;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code world:demo} command: region focus on the default model. For a generated scene (or an
 * image of the user's with a region given by the usual region options, {@link RegionOptions}) it ranks
 * the labels with the region as alpha and for the whole image, and writes a PNG with the region overlay
 * beside both answers.
 */
@Component(service = DemoCommand.class, property = {"osgi.command.scope=world", "osgi.command.function=demo"})
public final class DemoCommand {

    /** The split name of demo scenes. */
    static final String SPLIT = "demo";
    private static final int SHOWN = 5;

    private final AlphaClipEncoders encoders;
    private final ZeroShotClassifiers classifiers;
    private final ImageReader images;
    private final List<SceneGenerator> generators;

    /** A command over the encoders, the zero-shot classifiers, the image reader and the scene generators. */
    @Activate
    public DemoCommand(@Reference AlphaClipEncoders encoders, @Reference ZeroShotClassifiers classifiers,
            @Reference ImageReader images, @Reference(service = SceneGenerator.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<SceneGenerator> generators) {
        this.encoders = encoders;
        this.classifiers = classifiers;
        this.images = images;
        this.generators = List.copyOf(generators);
    }

    /**
     * The demo's answer.
     *
     * @param input what was shown (the scene's caption, or the image file)
     * @param region the region the model was told to focus on
     * @param withRegion labels ranked with the region as alpha
     * @param wholeImage labels ranked for the whole image (alpha all ones)
     * @param truncatedLabels labels whose prompts were longer than the model's context and were cut
     * @param picture the PNG written
     */
    public record DemoResult(String input, String region, List<LabelScore> withRegion, List<LabelScore> wholeImage,
            List<String> truncatedLabels, Path picture) {

        /** Copies the lists. */
        public DemoResult {
            withRegion = List.copyOf(withRegion);
            wholeImage = List.copyOf(wholeImage);
            truncatedLabels = List.copyOf(truncatedLabels);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (String label : truncatedLabels) {
                out.append("note: the prompts of '").append(label).append("' were cut to the model's context length\n");
            }
            out.append("Image:  ").append(input).append('\n');
            out.append("Region: ").append(region).append("\n\n");
            out.append(String.format(Locale.ROOT, "%-4s %-30s %s%n", "", "With the region", "Whole image (no region)"));
            for (int i = 0; i < Math.min(SHOWN, withRegion.size()); i++) {
                out.append(String.format(Locale.ROOT, "%-4s %-30s %s%n", (i + 1) + ".", cell(withRegion.get(i)),
                        cell(wholeImage.get(i))));
            }
            out.append("\nPicture: ").append(picture);
            return out.toString();
        }

        private static String cell(LabelScore r) {
            return String.format(Locale.ROOT, "%-18s %5.1f%%", r.label(), 100 * r.probability());
        }
    }

    /** Runs the demo. */
    @Descriptor("Show region focus: labels ranked with a region and without it, and a PNG with the region overlay")
    public DemoResult demo(
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("seed of the generated scene") @Parameter(names = "--seed", absentValue = "3") long seed,
            @Descriptor("renderer of the generated scene: raster, vector or painted") @Parameter(names = "--renderer", absentValue = "raster") String renderer,
            @Descriptor("which object of the scene is the region (0 = bottom-most)") @Parameter(names = "--object", absentValue = "0") int object,
            @Descriptor("use this image instead of a generated scene, with one of --mask, --box, --points, --stroke, --image-alpha") @Parameter(names = "--image", absentValue = "") String image,
            @Descriptor(RegionOptions.MASK_HELP) @Parameter(names = "--mask", absentValue = "") String mask,
            @Descriptor(RegionOptions.BOX_HELP) @Parameter(names = "--box", absentValue = "") String box,
            @Descriptor(RegionOptions.POINTS_HELP) @Parameter(names = "--points", absentValue = "") String points,
            @Descriptor(RegionOptions.RADIUS_HELP) @Parameter(names = "--radius", absentValue = RegionOptions.DEFAULT_RADIUS) double radius,
            @Descriptor(RegionOptions.STROKE_HELP) @Parameter(names = "--stroke", absentValue = "") String stroke,
            @Descriptor(RegionOptions.WIDTH_HELP) @Parameter(names = "--width", absentValue = RegionOptions.DEFAULT_WIDTH) double width,
            @Descriptor(RegionOptions.IMAGE_ALPHA_HELP) @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor(RegionOptions.THRESHOLD_HELP) @Parameter(names = "--threshold", absentValue = RegionOptions.DEFAULT_THRESHOLD) int threshold,
            @Descriptor("labels separated by commas (default: every colour-shape label of the world)") @Parameter(names = "--labels", absentValue = "") String labels,
            @Descriptor("PNG to write") @Parameter(names = "--out", absentValue = "world-demo.png") String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra(getClass(), "world:demo", extra);
        List<String> labelList = labels.isBlank() ? Evaluation.labels()
                : Arrays.stream(labels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (labelList.size() < 2) {
            throw new IllegalArgumentException("Give at least two labels, e.g. --labels 'red circle,blue square'");
        }
        RegionOptions regionOptions = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold);
        RgbImage picture;
        Region region;
        String input;
        String where;
        if (image.isEmpty()) {
            if (!(mask + box + points + stroke).isEmpty() || imageAlpha) {
                throw new IllegalArgumentException("--mask, --box, --points, --stroke and --image-alpha go with --image; "
                        + "for generated scenes use --object");
            }
            SceneGenerator generator = Commands.generator(generators, renderer);
            Scene scene = generator.generate(Seeds.scene(seed, SPLIT, 0), SceneSpec.DEFAULT.withObjects(2, SceneSpec.MAX_OBJECTS));
            if (object < 0 || object >= scene.objects().size()) {
                throw new IllegalArgumentException("--object must be 0.." + (scene.objects().size() - 1)
                        + " for this scene (" + scene.caption() + ")");
            }
            SceneObject target = scene.objects().get(object);
            picture = scene.image();
            region = new Region.Mask(target.mask());
            input = String.format(Locale.ROOT, "%s scene, seed %d: %s", renderer, seed, scene.caption());
            where = String.format(Locale.ROOT, "object %d (%s), its mask", object, target.phrase());
        } else {
            picture = images.readImage(Path.of(image));
            region = regionOptions.toRegion(images);
            if (region instanceof Region.Whole) {
                throw new IllegalArgumentException("Give the region of --image: --mask FILE, --box x0,y0,x1,y1, --points, "
                        + "--stroke or --image-alpha");
            }
            input = image;
            where = mask.isEmpty() ? region.describe() : "mask " + mask;
        }
        try (EncoderLease lease = encoders.lease(model)) {
            AlphaClipEncoder encoder = lease.encoder();
            ZeroShotClassifier classifier = classifiers.classifier(encoder, labelList, List.of());
            ImageEncoding encoding = encoder.encodeImages(
                    List.of(new RegionImage(picture, region), RegionImage.whole(picture)), EncodeOptions.DEFAULT);
            List<LabelScore> withRegion = classifier.ranking(encoding.embedding(0));
            List<LabelScore> whole = classifier.ranking(encoding.embedding(1));
            Path file = Path.of(out).toAbsolutePath();
            DemoPicture.write(picture, RegionRasterizer.rasterize(region, picture).foreground(), withRegion, whole, encoder.model().name()
                    + ": " + withRegion.get(0).label() + " with the region, " + whole.get(0).label() + " without", file);
            return new DemoResult(input, where, withRegion, whole, classifier.truncatedLabels(), file);
        }
    }
}
