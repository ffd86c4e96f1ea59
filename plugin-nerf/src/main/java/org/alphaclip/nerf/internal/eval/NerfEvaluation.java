package org.alphaclip.nerf.internal.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncoderException;
import org.alphaclip.nerf.NerfException;
import org.alphaclip.nerf.NerfListener;
import org.alphaclip.nerf.NerfObject;
import org.alphaclip.nerf.NerfSettings;
import org.alphaclip.nerf.TextTo3D;
import org.alphaclip.nerf.internal.augment.Planes;
import org.alphaclip.nerf.internal.io.Turntable;
import org.alphaclip.nerf.internal.io.ViewImages;
import org.alphaclip.nerf.internal.scene.CameraPose;
import org.alphaclip.nerf.internal.scene.CameraRig;
import org.alphaclip.nerf.internal.train.Checkpoint;
import org.alphaclip.nerf.internal.train.NerfState;

/**
 * The paper's Table 14 in the synthetic world: objects made for every prompt of a set under four guidance
 * conditions (Alpha-CLIP's alpha = rendered opacity vs alpha all ones, with and without background augmentation),
 * each scored by R-Precision with a retrieval model other than the guiding one, with the time per object. Objects
 * that exist (a finished checkpoint) are not made again, so an interrupted evaluation resumes.
 */
public final class NerfEvaluation {

    /** Views of each object the retrieval model looks at. */
    public static final int VIEWS = 4;
    /** Their side in pixels. */
    public static final int VIEW_SIZE = 128;

    /** One guidance condition. */
    public record Condition(String name, boolean alphaGuidance, boolean backgroundAugmentation) {
    }

    /** The four conditions of the table. */
    public static final List<Condition> CONDITIONS = List.of(
            new Condition("alpha-bg", true, true), new Condition("ones-bg", false, true),
            new Condition("alpha-nobg", true, false), new Condition("ones-nobg", false, false));

    /**
     * One condition's numbers.
     *
     * @param condition the condition
     * @param rPrecision the share of views whose own prompt ranks first
     * @param secondsPerObject mean optimisation seconds per object (objects made in this run)
     * @param similarity mean final cosine similarity to the prompt under the guiding model
     * @param objects objects scored
     */
    public record Row(Condition condition, double rPrecision, double secondsPerObject, double similarity,
            int objects) {
    }

    private final TextTo3D textTo3D;
    private final RetrievalPrecision retrieval;
    private final List<String> prompts;

    /** Scores with {@code retrievalModel} over {@code prompts}. */
    public NerfEvaluation(TextTo3D textTo3D, AlphaClipEncoder retrievalModel, List<String> prompts)
            throws EncoderException {
        this.textTo3D = textTo3D;
        this.prompts = List.copyOf(prompts);
        this.retrieval = new RetrievalPrecision(retrievalModel, prompts);
    }

    /** Makes (or reuses) every object under every condition into {@code folder} and scores them. */
    public List<Row> run(NerfSettings base, Path folder, NerfListener listener) throws NerfException, IOException {
        List<Row> rows = new ArrayList<>();
        Map<String, List<BufferedImage>> pictures = new LinkedHashMap<>();
        for (Condition condition : CONDITIONS) {
            NerfSettings settings = base.withAlphaGuidance(condition.alphaGuidance())
                    .withBackgroundAugmentation(condition.backgroundAugmentation());
            int hits = 0;
            int views = 0;
            double seconds = 0;
            int made = 0;
            double similarity = 0;
            List<BufferedImage> row = new ArrayList<>();
            for (String prompt : prompts) {
                Path objectFolder = folder.resolve(condition.name()).resolve(slug(prompt));
                NerfObject object = textTo3D.create(prompt, settings, objectFolder, listener);
                if (object.resumedFrom() < object.steps()) {
                    seconds += object.seconds();
                    made++;
                }
                similarity += object.similarity();
                NerfState state = Checkpoint.read(objectFolder, null);
                List<Planes> objectViews = new ArrayList<>();
                List<CameraPose> poses = CameraRig.OFFICIAL.turntable(VIEWS);
                for (CameraPose pose : poses) {
                    objectViews.add(Turntable.view(state, CameraRig.OFFICIAL, pose, VIEW_SIZE)[0]);
                }
                row.add(ViewImages.image(objectViews.get(1)));
                try {
                    for (boolean hit : retrieval.hits(prompt, objectViews)) {
                        hits += hit ? 1 : 0;
                        views++;
                    }
                } catch (EncoderException e) {
                    throw new NerfException("The retrieval model failed: " + e.getMessage(), e);
                }
            }
            pictures.put(condition.name(), row);
            rows.add(new Row(condition, hits / (double) views, made == 0 ? Double.NaN : seconds / made,
                    similarity / prompts.size(), prompts.size()));
        }
        ViewImages.writePng(sheet(pictures), folder.resolve("objects.png"));
        return rows;
    }

    /** One row of views per condition, one column per prompt, labelled. */
    private BufferedImage sheet(Map<String, List<BufferedImage>> pictures) {
        int cell = VIEW_SIZE;
        int label = 110;
        int header = 22;
        BufferedImage sheet = new BufferedImage(label + cell * prompts.size(), header + cell * pictures.size(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int p = 0; p < prompts.size(); p++) {
            g.drawString(prompts.get(p), label + p * cell + 4, 15);
        }
        int r = 0;
        for (Map.Entry<String, List<BufferedImage>> row : pictures.entrySet()) {
            g.drawString(row.getKey(), 4, header + r * cell + cell / 2);
            for (int p = 0; p < row.getValue().size(); p++) {
                g.drawImage(row.getValue().get(p), label + p * cell, header + r * cell, null);
            }
            r++;
        }
        g.dispose();
        return sheet;
    }

    /** A folder name for a prompt. */
    static String slug(String prompt) {
        String slug = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "prompt" : slug;
    }

    /** The rows as a Markdown table. */
    public static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder(
                "| alpha | background augmentation | R-Precision | s / object | cosine to the prompt |\n"
                        + "|---|---|---:|---:|---:|\n");
        for (Row row : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %.1f %% | %s | %.3f |%n",
                    row.condition().alphaGuidance() ? "rendered opacity" : "all ones",
                    row.condition().backgroundAugmentation() ? "yes" : "no", 100 * row.rPrecision(),
                    Double.isNaN(row.secondsPerObject()) ? "(reused)"
                            : String.format(Locale.ROOT, "%.1f", row.secondsPerObject()),
                    row.similarity()));
        }
        return text.toString();
    }
}
