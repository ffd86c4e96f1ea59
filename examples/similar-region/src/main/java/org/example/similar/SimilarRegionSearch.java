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

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Similar-region search: given an image and a box, ranks the images of a folder by how similar they
 * are to that region, using the default Alpha-CLIP encoder. The smallest useful task bundle: one DS
 * component that is both the {@link Task} description and the Gogo command.
 */
@Component(service = {Task.class, SimilarRegionSearch.class},
        property = {"osgi.command.scope=similar", "osgi.command.function=search"})
public class SimilarRegionSearch implements Task {

    private final AlphaClipEncoder encoder;
    private final ImageReader images;
    private final String version;

    /** The encoder and the image reader are the platform's services. */
    @Activate
    public SimilarRegionSearch(BundleContext context,
            @Reference(target = "(" + AlphaClipEncoder.PROPERTY_DEFAULT + "=true)") AlphaClipEncoder encoder,
            @Reference ImageReader images) {
        this.encoder = encoder;
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
            @Descriptor("query image") @Parameter(names = "--image", absentValue = "") String image,
            @Descriptor("query region x0,y0,x1,y1") @Parameter(names = "--box", absentValue = "") String box,
            @Descriptor("folder of images to rank") @Parameter(names = "--folder", absentValue = "") String folder,
            @Descriptor("how many matches to show") @Parameter(names = "--top", absentValue = "5") int top)
            throws EncoderException, InvalidImageException, IOException {
        if (image.isEmpty() || box.isEmpty() || folder.isEmpty()) {
            throw new IllegalArgumentException("similar:search needs --image, --box x0,y0,x1,y1 and --folder");
        }
        String[] corners = box.split(",");
        if (corners.length != 4) {
            throw new IllegalArgumentException("--box expects x0,y0,x1,y1, got '" + box + "'");
        }
        Region region = new Region.Box(Double.parseDouble(corners[0]), Double.parseDouble(corners[1]),
                Double.parseDouble(corners[2]), Double.parseDouble(corners[3]));
        float[] query = unit(encoder.encodeImages(List.of(new RegionImage(images.readImage(Path.of(image)), region)),
                EncodeOptions.DEFAULT).embedding(0));
        List<Match> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            for (Path candidate : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    float[] e = unit(encoder.encodeImages(List.of(RegionImage.whole(images.readImage(candidate))),
                            EncodeOptions.DEFAULT).embedding(0));
                    double similarity = 0;
                    for (int i = 0; i < e.length; i++) {
                        similarity += query[i] * e[i];
                    }
                    matches.add(new Match(candidate, similarity));
                } catch (InvalidImageException notAnImage) {
                    // folders may hold other files: they are not ranked
                }
            }
        }
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
        return new Ranking(version, matches.subList(0, Math.min(top, matches.size())));
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) Math.sqrt(norm);
        }
        return out;
    }
}
