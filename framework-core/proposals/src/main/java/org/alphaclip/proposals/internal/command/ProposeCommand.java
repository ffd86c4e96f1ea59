package org.alphaclip.proposals.internal.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.command.support.CommandArguments;
import org.alphaclip.proposals.internal.sam.SamUnavailable;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

/** The {@code alphaclip:propose} and {@code alphaclip:proposers} Gogo commands. */
@Component(service = ProposeCommand.class, property = {"osgi.command.scope=alphaclip", "osgi.command.function=propose",
        "osgi.command.function=proposers"})
public final class ProposeCommand {

    private static final String NONE = "";

    private final BundleContext context;
    private final ImageReader images;

    /** Commands over the registered mask proposers and the image reader. */
    @Activate
    public ProposeCommand(BundleContext context, @Reference ImageReader images) {
        this.context = context;
        this.images = images;
    }

    /** One proposal as listed. */
    public record Row(int index, double[] box, double score, int area, String source) {
    }

    /** What {@code propose} found. */
    public record ProposalList(String proposer, String note, List<Row> rows, Path overlay, boolean json) {
        @Override
        public String toString() {
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("proposer", proposer);
                if (note != null) {
                    out.put("note", note);
                }
                out.put("proposals", rows);
                if (overlay != null) {
                    out.put("overlay", overlay.toString());
                }
                return new GsonBuilder().disableHtmlEscaping().create().toJson(out);
            }
            StringBuilder text = new StringBuilder();
            if (note != null) {
                text.append("note: ").append(note).append(System.lineSeparator());
            }
            text.append(rows.size()).append(rows.size() == 1 ? " proposal" : " proposals").append(" from ").append(proposer)
                    .append(System.lineSeparator());
            if (!rows.isEmpty()) {
                text.append(String.format(Locale.ROOT, "%4s  %-27s %6s %8s  %s%n", "#", "box [x0,y0,x1,y1)", "score", "area",
                        "source"));
            }
            for (Row r : rows) {
                text.append(String.format(Locale.ROOT, "%4d  %-27s %6.3f %8d  %s%n", r.index(), String.format(Locale.ROOT,
                        "[%s,%s,%s,%s]", num(r.box()[0]), num(r.box()[1]), num(r.box()[2]), num(r.box()[3])), r.score(), r.area(),
                        r.source()));
            }
            if (overlay != null) {
                text.append("Wrote ").append(overlay).append(System.lineSeparator());
            }
            return text.toString().stripTrailing();
        }
    }

    /** The proposers, the default first. */
    public record ProposerList(List<String> rows) {
        @Override
        public String toString() {
            return String.join(System.lineSeparator(), rows);
        }
    }

    @Descriptor("Propose object masks for an image: automatic, or one per --box / --points prompt; lists box, score, area, source")
    public ProposalList propose(
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("proposer name: sam, segmentation, boxes, world (default: the highest-ranked)") @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("box prompts x0,y0,x1,y1[/x0,y0,x1,y1...] in pixels (x1, y1 exclusive)") @Parameter(names = "--box", absentValue = NONE) String boxes,
            @Descriptor("point prompts x,y[/x,y...] in pixels, one mask each") @Parameter(names = "--points", absentValue = NONE) String points,
            @Descriptor("most automatic proposals (0 = the proposer's default)") @Parameter(names = "--max", absentValue = "0") String max,
            @Descriptor("write the proposals drawn over the image to this PNG") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("print one JSON object") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(no positional arguments)") String... extra) throws Exception {
        CommandArguments.rejectExtra("alphaclip:propose", extra);
        CommandArguments.require("--image", image);
        ProposalRequest request = new ProposalRequest(parseBoxes(boxes), parsePoints(points), parseMax(max));
        RgbImage rgb = images.readImage(Path.of(image));
        ServiceReference<MaskProposer> reference = select(proposer);
        MaskProposer service = context.getService(reference);
        if (service == null) {
            throw new ProposalException("The " + reference.getProperty(MaskProposer.PROPERTY_NAME) + " proposer went away; try again");
        }
        try {
            String note = proposer.isEmpty() ? samNote(service.name()) : null;
            return run(service, note, rgb, request, out.isEmpty() ? null : Path.of(out), json);
        } finally {
            context.ungetService(reference);
        }
    }

    @Descriptor("List the mask proposers with their rankings; * marks the default")
    public ProposerList proposers() throws InvalidSyntaxException {
        List<ServiceReference<MaskProposer>> refs = sorted(context.getServiceReferences(MaskProposer.class, null));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            ServiceReference<MaskProposer> r = refs.get(i);
            Object ranking = r.getProperty("service.ranking");
            rows.add((i == 0 ? "* " : "  ") + r.getProperty(MaskProposer.PROPERTY_NAME) + "  (ranking " + (ranking == null ? 0 : ranking)
                    + ")");
        }
        for (SamUnavailable status : samStatus()) {
            rows.add("  sam  unavailable: " + status.reason());
        }
        if (rows.isEmpty()) {
            rows.add("No mask proposers are registered");
        }
        return new ProposerList(rows);
    }

    /** Runs a proposer and lists (and optionally draws) its proposals. */
    static ProposalList run(MaskProposer proposer, String note, RgbImage image, ProposalRequest request, Path overlay, boolean json)
            throws Exception {
        List<MaskProposal> proposals = proposer.propose(image, request);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            MaskProposal p = proposals.get(i);
            int area = 0;
            for (byte v : p.mask().values()) {
                area += (v & 0xFF) >= Region.DEFAULT_THRESHOLD ? 1 : 0;
            }
            Region.Box b = p.box();
            rows.add(new Row(i + 1, new double[] {b.x0(), b.y0(), b.x1(), b.y1()}, p.score(), area, p.source()));
        }
        Path written = null;
        if (overlay != null) {
            ProposalOverlay.write(image, proposals, overlay);
            written = overlay.toAbsolutePath();
        }
        return new ProposalList(proposer.name(), note, rows, written, json);
    }

    private ServiceReference<MaskProposer> select(String name) throws InvalidSyntaxException, ProposalException {
        String filter = name.isEmpty() ? null : CommandArguments.equalsFilter(MaskProposer.PROPERTY_NAME, name);
        List<ServiceReference<MaskProposer>> refs = sorted(context.getServiceReferences(MaskProposer.class, filter));
        if (!refs.isEmpty()) {
            return refs.get(0);
        }
        List<String> known = sorted(context.getServiceReferences(MaskProposer.class, null)).stream()
                .map(r -> String.valueOf(r.getProperty(MaskProposer.PROPERTY_NAME))).toList();
        String why = "sam".equals(name) ? samStatus().stream().map(SamUnavailable::reason).findFirst().map(r -> r + ". ").orElse("")
                : "";
        throw new ProposalException(name.isEmpty() ? "No mask proposer is registered"
                : why + "No mask proposer named '" + name + "'; available: " + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    private String samNote(String chosen) {
        if ("sam".equals(chosen)) {
            return null;
        }
        return samStatus().stream().map(s -> s.reason() + "; using " + chosen).findFirst().orElse(null);
    }

    private List<SamUnavailable> samStatus() {
        try {
            List<SamUnavailable> out = new ArrayList<>();
            for (ServiceReference<SamUnavailable> r : context.getServiceReferences(SamUnavailable.class, null)) {
                SamUnavailable status = context.getService(r);
                if (status != null) {
                    out.add(status);
                    context.ungetService(r);
                }
            }
            return out;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("A null filter is always valid", e);
        }
    }

    private static <S> List<ServiceReference<S>> sorted(Collection<ServiceReference<S>> refs) {
        return refs.stream().sorted(Comparator.<ServiceReference<S>>naturalOrder().reversed()).collect(Collectors.toList());
    }

    static List<Region.Box> parseBoxes(String text) {
        List<Region.Box> boxes = new ArrayList<>();
        if (text.isBlank()) {
            return boxes;
        }
        for (String part : text.split("/")) {
            double[] v = numbers("--box", part, 4);
            try {
                boxes.add(new Region.Box(v[0], v[1], v[2], v[3]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--box " + part + ": " + e.getMessage(), e);
            }
        }
        return boxes;
    }

    static List<Region.Point> parsePoints(String text) {
        List<Region.Point> points = new ArrayList<>();
        if (text.isBlank()) {
            return points;
        }
        for (String part : text.split("/")) {
            double[] v = numbers("--points", part, 2);
            points.add(new Region.Point(v[0], v[1]));
        }
        return points;
    }

    static int parseMax(String text) {
        try {
            int max = Integer.parseInt(text.strip());
            if (max < 0) {
                throw new NumberFormatException();
            }
            return max;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max needs a whole number of at least 0, got '" + text + "'", e);
        }
    }

    private static double[] numbers(String option, String part, int count) {
        String[] items = part.split(",");
        if (items.length != count) {
            throw new IllegalArgumentException(option + " needs " + count + " comma-separated numbers per item, got '" + part + "'");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(items[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + items[i] + "' is not a number (in '" + part + "')", e);
            }
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException(option + ": '" + items[i] + "' is not a finite number");
            }
        }
        return out;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
