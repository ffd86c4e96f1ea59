package org.example.similar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Similar-region search: given an image and a region of it, ranks the images of a folder by how similar
 * they are to that region. The smallest useful task bundle: one DS component that is both the
 * {@link Task} description and the Gogo command, with the platform's region options and checks.
 */
@Component(service = {Task.class, SimilarRegionSearch.class},
        property = {"osgi.command.scope=similar", "osgi.command.function=search"})
public class SimilarRegionSearch implements Task {

    private final AlphaClipEncoders encoders;
    private final ImageReader images;
    private final String version;

    /** The encoder lookup and the image reader are the platform's services. */
    @Activate
    public SimilarRegionSearch(BundleContext context, @Reference AlphaClipEncoders encoders, @Reference ImageReader images) {
        this.encoders = encoders;
        this.images = images;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public TaskInfo info() {
        return new TaskInfo("similar-region", version, "Ranks a folder of images by similarity to an image region",
                List.of("similar:search"), List.of());
    }

    /** One ranked image. */
    public record Match(Path image, double similarity) {
    }

    /** The ranking, best first. */
    public record Ranking(String version, List<Match> matches) {
        @Override
        public String toString() {
            return "similar-region " + version + System.lineSeparator() + matches.stream()
                    .map(m -> String.format(Locale.ROOT, "%.4f  %s", m.similarity(), m.image()))
                    .collect(Collectors.joining(System.lineSeparator()));
        }
    }

    @Descriptor("Rank the images of a folder by similarity to a region of a query image")
    public Ranking search(
            @Descriptor("model package name or folder (default: the default model)") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("query image") @Parameter(names = "--image", absentValue = "") String image,
            @Descriptor(RegionOptions.MASK_HELP) @Parameter(names = "--mask", absentValue = "") String mask,
            @Descriptor(RegionOptions.BOX_HELP) @Parameter(names = "--box", absentValue = "") String box,
            @Descriptor(RegionOptions.POINTS_HELP) @Parameter(names = "--points", absentValue = "") String points,
            @Descriptor(RegionOptions.RADIUS_HELP) @Parameter(names = "--radius", absentValue = RegionOptions.DEFAULT_RADIUS) double radius,
            @Descriptor(RegionOptions.STROKE_HELP) @Parameter(names = "--stroke", absentValue = "") String stroke,
            @Descriptor(RegionOptions.WIDTH_HELP) @Parameter(names = "--width", absentValue = RegionOptions.DEFAULT_WIDTH) double width,
            @Descriptor(RegionOptions.IMAGE_ALPHA_HELP) @Parameter(names = "--image-alpha", presentValue = "true", absentValue = "false") boolean imageAlpha,
            @Descriptor(RegionOptions.THRESHOLD_HELP) @Parameter(names = "--threshold", absentValue = RegionOptions.DEFAULT_THRESHOLD) int threshold,
            @Descriptor("folder of images to rank") @Parameter(names = "--folder", absentValue = "") String folder,
            @Descriptor("how many matches to show") @Parameter(names = "--top", absentValue = "5") int top,
            @Descriptor("(no positional arguments)") String... extra)
            throws Exception {
        CommandArguments.rejectExtra(getClass(), "similar:search", extra);
        CommandArguments.require("--image", image);
        CommandArguments.require("--folder", folder);
        CommandArguments.atLeast("--top", top, 1);
        Region region = new RegionOptions(mask, box, points, radius, stroke, width, imageAlpha, threshold).toRegion(images);
        try (EncoderLease lease = encoders.lease(model)) {
            float[] query = ZeroShotClassifier.unit(lease.encoder().encodeImages(
                    List.of(new RegionImage(images.readImage(Path.of(image)), region)), EncodeOptions.DEFAULT).embedding(0));
            List<Match> matches = new ArrayList<>();
            for (Path candidate : imagesIn(Path.of(folder))) {
                try {
                    float[] e = ZeroShotClassifier.unit(lease.encoder().encodeImages(
                            List.of(RegionImage.whole(images.readImage(candidate))), EncodeOptions.DEFAULT).embedding(0));
                    double similarity = 0;
                    for (int i = 0; i < e.length; i++) {
                        similarity += query[i] * e[i];
                    }
                    matches.add(new Match(candidate, similarity));
                } catch (InvalidImageException notAnImage) {
                    // folders may hold other files: they are not ranked
                }
            }
            matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
            return new Ranking(version, matches.subList(0, Math.min(top, matches.size())));
        }
    }

    private static List<Path> imagesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--folder " + folder + " is not a folder");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
