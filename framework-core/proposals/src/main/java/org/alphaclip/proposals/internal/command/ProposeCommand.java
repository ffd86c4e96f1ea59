package org.alphaclip.proposals.internal.command;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.api.region.Region;
import org.alphaclip.proposals.internal.sam.SamProposer;
import org.alphaclip.proposals.internal.sam.SamUnavailable;
import org.alphaclip.sdk.command.CommandArguments;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.io.AtomicFiles;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

/**
 * The {@code alphaclip:propose} and {@code alphaclip:proposers} Gogo commands. Proposers are chosen by
 * the {@link MaskProposers} service's rule: {@code --proposer NAME} uses that proposer only; without it
 * the best-ranked proposer answers, falling back to the next one when it fails.
 *
 * <p>Prompts: {@code --box x0,y0,x1,y1} is one box prompt and may be repeated ({@code --box A --box B});
 * {@code --boxes FILE} adds the boxes of a file; {@code --point x,y} is one point prompt and may be
 * repeated. Each prompt gives one mask, box prompts first; no prompt asks for automatic proposals.
 */
@Component(service = ProposeCommand.class, property = {"osgi.command.scope=alphaclip", "osgi.command.function=propose",
        "osgi.command.function=proposers"})
public final class ProposeCommand {

    private static final String NONE = "";
    private static final String COMMAND = "alphaclip:propose";

    private final BundleContext context;
    private final ImageReader images;
    private final MaskProposers proposers;

    /** Commands over the mask proposers and the image reader. */
    @Activate
    public ProposeCommand(BundleContext context, @Reference ImageReader images, @Reference MaskProposers proposers) {
        this.context = context;
        this.images = images;
        this.proposers = proposers;
    }

    /** One proposal as listed. */
    public record Row(int index, double[] box, double score, int area, String source) {
    }

    /**
     * What {@code propose} found.
     *
     * @param proposer the proposer that answered
     * @param notes sentences about the choice of proposer (a failed proposer, SAM missing), possibly none
     * @param rows the proposals
     * @param overlay the overlay PNG written, or {@code null}
     * @param json whether to print one JSON object
     */
    public record ProposalList(String proposer, List<String> notes, List<Row> rows, Path overlay, boolean json) {

        /** Copies the lists. */
        public ProposalList {
            notes = List.copyOf(notes);
            rows = List.copyOf(rows);
        }

        @Override
        public String toString() {
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("proposer", proposer);
                if (!notes.isEmpty()) {
                    out.put("notes", notes);
                }
                out.put("proposals", rows);
                if (overlay != null) {
                    out.put("overlay", overlay.toString());
                }
                return new GsonBuilder().disableHtmlEscaping().create().toJson(out);
            }
            StringBuilder text = new StringBuilder();
            for (String note : notes) {
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

    /** The proposers, the default marked. */
    public record ProposerList(List<String> rows) {
        @Override
        public String toString() {
            return String.join(System.lineSeparator(), rows);
        }
    }

    @Descriptor("Propose object masks for an image: automatic, or one per --box / --boxes / --point prompt (box prompts "
            + "first); lists box, score, area, source")
    public ProposalList propose(
            @Descriptor("image file") @Parameter(names = "--image", absentValue = NONE) String image,
            @Descriptor("use this proposer only: sam, segmentation, boxes, world (default: the highest-ranked, falling back "
                    + "to the next when it fails)") @Parameter(names = "--proposer", absentValue = NONE) String proposer,
            @Descriptor("one box prompt: " + RegionOptions.BOX_HELP + "; repeat --box for more") @Parameter(names = "--box", absentValue = NONE) String box,
            @Descriptor("box prompts from a " + RegionOptions.BOXES_HELP) @Parameter(names = "--boxes", absentValue = NONE) String boxes,
            @Descriptor("one point prompt x,y in pixels; repeat --point for more") @Parameter(names = "--point", absentValue = NONE) String point,
            @Descriptor("most automatic proposals (0 = the proposer's default)") @Parameter(names = "--max", absentValue = "0") int max,
            @Descriptor("write the proposals drawn over the image to this PNG") @Parameter(names = "--out", absentValue = NONE) String out,
            @Descriptor("write the first proposal's mask to this PNG (255 inside, 0 outside), for --mask of other commands") @Parameter(names = "--mask-out", absentValue = NONE) String maskOut,
            @Descriptor("print one JSON object") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("(further --box and --point prompts; no positional arguments)") String... extra) throws Exception {
        ProposalRequest request = request(box, boxes, point, max, extra);
        CommandArguments.require("--image", image);
        RgbImage rgb = images.readImage(Path.of(image));
        ProposalResult result;
        try {
            result = proposers.propose(proposer, rgb, request);
        } catch (ProposalException e) {
            throw samMissing(proposer, e);
        }
        List<String> notes = new ArrayList<>(result.notes());
        if (!maskOut.isEmpty()) {
            if (result.proposals().isEmpty()) {
                throw new IllegalArgumentException("The proposer " + result.proposer() + " found no mask, so --mask-out "
                        + maskOut + " was not written");
            }
            writeMask(result.proposals().get(0).mask(), Path.of(maskOut));
            notes.add("wrote the first mask to " + Path.of(maskOut).toAbsolutePath());
        }
        if (proposer.isEmpty() && !SamProposer.NAME.equals(result.proposer())) {
            samStatus().stream().findFirst().ifPresent(s -> notes.add(s.reason() + "; using " + result.proposer()));
        }
        return list(result.proposer(), notes, rgb, result.proposals(), out.isEmpty() ? null : Path.of(out), json);
    }

    /** A mask as a grey PNG: its values as they are (255 inside, 0 outside). */
    private static void writeMask(GrayImage mask, Path file) throws IOException {
        BufferedImage image = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, mask.width(), mask.height(), mask.values());
        AtomicFiles.writePng(file, image);
    }

    @Descriptor("List the mask proposers with their rankings; * marks the one used when none is named")
    public ProposerList proposers() throws InvalidSyntaxException {
        List<ServiceReference<MaskProposer>> refs = bestFirst(context.getServiceReferences(MaskProposer.class, null));
        Set<String> namedOnly = refs.stream().filter(r -> "false".equalsIgnoreCase(String.valueOf(
                r.getProperty(MaskProposers.PROPERTY_FALLBACK)))).map(ProposeCommand::name).collect(Collectors.toSet());
        String chosen = proposers.names().stream().filter(n -> !namedOnly.contains(n)).findFirst().orElse(null);
        List<String> rows = new ArrayList<>();
        for (ServiceReference<MaskProposer> r : refs) {
            String name = name(r);
            Object ranking = r.getProperty(Constants.SERVICE_RANKING);
            rows.add((name.equals(chosen) ? "* " : "  ") + name + "  (ranking " + (ranking == null ? 0 : ranking)
                    + (namedOnly.contains(name) ? ", only when named" : "") + ")");
        }
        for (SamUnavailable status : samStatus()) {
            rows.add("  sam  unavailable: " + status.reason());
        }
        if (rows.isEmpty()) {
            rows.add("No mask proposers are registered");
        }
        return new ProposerList(rows);
    }

    /**
     * The request the prompt options make: the {@code --box} values, then the {@code --boxes} file's boxes,
     * then the {@code --point} values.
     *
     * @param extra Gogo's leftover arguments: further {@code --box} and {@code --point} prompts, else an error
     * @throws IllegalArgumentException naming the option and the expected form
     * @throws IOException when the boxes file cannot be read
     */
    static ProposalRequest request(String box, String boxesFile, String point, int max, String... extra) throws IOException {
        CommandArguments.Repeated boxValues = CommandArguments.repeated("--box", box, extra);
        CommandArguments.Repeated pointValues = CommandArguments.repeated("--point", point, boxValues.rest());
        if (List.of(pointValues.rest()).contains("--points")) {
            throw new IllegalArgumentException(COMMAND + " takes point prompts as --point x,y, once per point (--points "
                    + "is one region of discs in the other commands)");
        }
        CommandArguments.rejectExtra(ProposeCommand.class, COMMAND, pointValues.rest());
        CommandArguments.atLeast("--max", max, 0);
        List<Region.Box> boxes = new ArrayList<>();
        for (String value : boxValues.values()) {
            if (value.contains("/")) {
                throw new IllegalArgumentException("--box is one box x0,y0,x1,y1; repeat --box for more boxes or give "
                        + "--boxes FILE, got '" + value + "'");
            }
            boxes.add(RegionOptions.box("--box", value));
        }
        if (!boxesFile.isEmpty()) {
            boxes.addAll(RegionOptions.readBoxes(Path.of(boxesFile)));
        }
        List<Region.Point> points = pointValues.values().stream().map(v -> RegionOptions.point("--point", v)).toList();
        return new ProposalRequest(boxes, points, max);
    }

    /** Lists (and optionally draws) the proposals of one proposer. */
    static ProposalList list(String proposer, List<String> notes, RgbImage image, List<MaskProposal> proposals, Path overlay,
            boolean json) throws IOException {
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
        return new ProposalList(proposer, notes, rows, written, json);
    }

    /** A failure naming {@code sam}, with the reason SAM is not installed when that is why. */
    private ProposalException samMissing(String proposer, ProposalException failure) {
        if (!SamProposer.NAME.equals(proposer) || proposers.names().contains(SamProposer.NAME)) {
            return failure;
        }
        return samStatus().stream().findFirst()
                .map(s -> new ProposalException(s.reason() + ". " + failure.getMessage(), failure)).orElse(failure);
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

    private static String name(ServiceReference<MaskProposer> reference) {
        return String.valueOf(reference.getProperty(MaskProposer.PROPERTY_NAME));
    }

    private static <S> List<ServiceReference<S>> bestFirst(Collection<ServiceReference<S>> refs) {
        return refs.stream().sorted(Comparator.<ServiceReference<S>>naturalOrder().reversed()).toList();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
