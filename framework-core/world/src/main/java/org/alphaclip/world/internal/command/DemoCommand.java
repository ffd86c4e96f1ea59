package org.alphaclip.world.internal.command;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.region.Region;
import org.alphaclip.command.support.CommandArguments;
import org.alphaclip.command.support.EncoderLease;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Seeds;
import org.alphaclip.world.internal.eval.Evaluation;
import org.alphaclip.world.internal.eval.ZeroShotClassifier;
import org.alphaclip.world.internal.eval.ZeroShotClassifier.Ranked;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code world:demo} command: region focus on the default model. For a generated scene (or an
 * image of the user's with a box or mask) it ranks the labels with the region as alpha and for the
 * whole image, and writes a PNG with the region overlay beside both answers.
 */
@Component(service = DemoCommand.class, property = {"osgi.command.scope=world", "osgi.command.function=demo"})
public final class DemoCommand {

    /** The split name of demo scenes. */
    static final String SPLIT = "demo";
    private static final int SHOWN = 5;

    private final BundleContext context;
    private final ModelPackages models;
    private final ImageReader images;
    private final List<SceneGenerator> generators;

    /** A command over the model packages, the image reader and the scene generators. */
    @Activate
    public DemoCommand(BundleContext context, @Reference ModelPackages models, @Reference ImageReader images,
            @Reference(service = SceneGenerator.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<SceneGenerator> generators) {
        this.context = context;
        this.models = models;
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
     * @param picture the PNG written
     */
    public record DemoResult(String input, String region, List<Ranked> withRegion, List<Ranked> wholeImage,
            Path picture) {

        /** Copies the lists. */
        public DemoResult {
            withRegion = List.copyOf(withRegion);
            wholeImage = List.copyOf(wholeImage);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
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

        private static String cell(Ranked r) {
            return String.format(Locale.ROOT, "%-18s %5.1f%%", r.label(), 100 * r.probability());
        }
    }

    /** Runs the demo. */
    @Descriptor("Show region focus: labels ranked with a region and without it, and a PNG with the region overlay")
    public DemoResult demo(
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("seed of the generated scene") @Parameter(names = "--seed", absentValue = "3") long seed,
            @Descriptor("renderer of the generated scene: raster or vector") @Parameter(names = "--renderer", absentValue = "raster") String renderer,
            @Descriptor("which object of the scene is the region (0 = bottom-most)") @Parameter(names = "--object", absentValue = "0") int object,
            @Descriptor("use this image instead of a generated scene (with --box or --mask)") @Parameter(names = "--image", absentValue = "") String image,
            @Descriptor("region box x0,y0,x1,y1 in pixels of --image (x1, y1 exclusive)") @Parameter(names = "--box", absentValue = "") String box,
            @Descriptor("region mask image for --image: foreground where >= 128") @Parameter(names = "--mask", absentValue = "") String mask,
            @Descriptor("labels separated by commas (default: every colour-shape label of the world)") @Parameter(names = "--labels", absentValue = "") String labels,
            @Descriptor("PNG to write") @Parameter(names = "--out", absentValue = "world-demo.png") String out,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra("world:demo", extra);
        List<String> labelList = labels.isBlank() ? Evaluation.labels()
                : Arrays.stream(labels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (labelList.size() < 2) {
            throw new IllegalArgumentException("Give at least two labels, e.g. --labels 'red circle,blue square'");
        }
        RgbImage picture;
        Region region;
        boolean[] foreground;
        String input;
        String where;
        if (image.isEmpty()) {
            if (!box.isEmpty() || !mask.isEmpty()) {
                throw new IllegalArgumentException("--box and --mask go with --image; for generated scenes use --object");
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
            foreground = threshold(target.mask());
            input = String.format(Locale.ROOT, "%s scene, seed %d: %s", renderer, seed, scene.caption());
            where = String.format(Locale.ROOT, "object %d (%s), its mask", object, target.phrase());
        } else {
            picture = images.readImage(Path.of(image));
            input = image;
            if (box.isEmpty() == mask.isEmpty()) {
                throw new IllegalArgumentException("Give the region of --image as either --box x0,y0,x1,y1 or --mask FILE");
            }
            if (!box.isEmpty()) {
                double[] c = box(box);
                region = new Region.Box(c[0], c[1], c[2], c[3]);
                foreground = boxMap(c, picture.width(), picture.height());
                where = region.describe();
            } else {
                GrayImage m = images.readMask(Path.of(mask));
                region = new Region.Mask(m);
                foreground = stretched(m, picture.width(), picture.height());
                where = "mask " + mask;
            }
        }
        try (EncoderLease lease = EncoderLease.acquire(context, models, model)) {
            ZeroShotClassifier classifier = new ZeroShotClassifier(lease.encoder(), labelList);
            ImageEncoding encoding = lease.encoder().encodeImages(
                    List.of(new RegionImage(picture, region), RegionImage.whole(picture)), EncodeOptions.DEFAULT);
            List<Ranked> withRegion = classifier.ranking(encoding.embedding(0));
            List<Ranked> whole = classifier.ranking(encoding.embedding(1));
            Path file = Path.of(out).toAbsolutePath();
            DemoPicture.write(picture, foreground, withRegion, whole, lease.encoder().model().name() + ": "
                    + withRegion.get(0).label() + " with the region, " + whole.get(0).label() + " without", file);
            return new DemoResult(input, where, withRegion, whole, file);
        }
    }

    private static double[] box(String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("--box takes x0,y0,x1,y1, got '" + text + "'");
        }
        double[] c = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                c[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--box takes numbers x0,y0,x1,y1, got '" + text + "'", e);
            }
        }
        return c;
    }

    private static boolean[] threshold(GrayImage mask) {
        boolean[] out = new boolean[mask.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (mask.values()[i] & 0xFF) >= Region.DEFAULT_THRESHOLD;
        }
        return out;
    }

    /** Pixels whose centres lie in the box. */
    private static boolean[] boxMap(double[] c, int w, int h) {
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = x + 0.5 >= c[0] && x + 0.5 < c[2] && y + 0.5 >= c[1] && y + 0.5 < c[3];
            }
        }
        return out;
    }

    /** The mask sampled (nearest) at the image's size, for the overlay only. */
    private static boolean[] stretched(GrayImage mask, int w, int h) {
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int mx = Math.min(mask.width() - 1, x * mask.width() / w);
                int my = Math.min(mask.height() - 1, y * mask.height() / h);
                out[y * w + x] = mask.value(mx, my) >= Region.DEFAULT_THRESHOLD;
            }
        }
        return out;
    }
}
