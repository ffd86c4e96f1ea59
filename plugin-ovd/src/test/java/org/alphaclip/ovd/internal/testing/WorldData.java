package org.alphaclip.ovd.internal.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;
import org.alphaclip.ovd.internal.eval.Instance;
import org.alphaclip.ovd.internal.mine.Dataset;
import org.alphaclip.ovd.internal.rle.Rle;
import org.alphaclip.world.Scene;
import org.alphaclip.world.SceneGenerator;
import org.alphaclip.world.SceneObject;
import org.alphaclip.world.SceneSpec;
import org.alphaclip.world.internal.Renderers;

/**
 * Synthetic-world scenes written as ImageNet-style class folders: each scene gets the label of its largest object
 * whose label no other object of the scene shares (scenes without one are left out), so the image-level label
 * names one object and that object's mask and box are the ground truth. The proposer it makes returns the scene's
 * true object masks (the {@code world} upper bound), optionally with distractors a real proposer also returns:
 * each object's filled box, the background, and the union of each pair of neighbours in the list; all with the
 * same proposer score, in a per-scene shuffled order.
 */
public final class WorldData {

    private final Map<String, Scene> scenes = new HashMap<>();
    private final Map<String, Integer> targets = new HashMap<>();

    private WorldData() {
    }

    /** Generates {@code count} scenes from {@code seed} and writes them under {@code root}. */
    public static WorldData write(Path root, int count, long seed, SceneSpec spec) throws IOException {
        SceneGenerator generator = Renderers.generator("raster");
        WorldData data = new WorldData();
        for (int i = 0; i < count; i++) {
            Scene scene = generator.generate(seed + i, spec);
            int target = target(scene);
            if (target < 0) {
                continue;
            }
            String file = scene.objects().get(target).label() + "/scene-" + (seed + i) + ".png";
            png(scene.image(), root.resolve(file));
            data.scenes.put(file, scene);
            data.targets.put(file, target);
        }
        return data;
    }

    /** Scenes written. */
    public int size() {
        return scenes.size();
    }

    /** Ground truth for the dataset read from the folders: the labelled object of each image, with its mask. */
    public List<Instance> truth(Dataset dataset) {
        List<Instance> truth = new ArrayList<>();
        for (Dataset.Item item : dataset.items()) {
            SceneObject o = scenes.get(item.file()).objects().get(targets.get(item.file()));
            truth.add(Instance.truth(item.id(), item.classIndex() + 1,
                    new double[] {o.box().x0(), o.box().y0(), o.box().width(), o.box().height()},
                    Rle.of(o.mask(), Region.DEFAULT_THRESHOLD)));
        }
        return truth;
    }

    /** The proposer of true masks, with or without distractors. */
    public MaskProposer proposer(boolean distractors) {
        Map<Integer, Scene> byPixels = new HashMap<>();
        scenes.values().forEach(s -> byPixels.put(Arrays.hashCode(s.image().rgb()), s));
        return new MaskProposer() {
            @Override
            public String name() {
                return distractors ? "world+distractors" : "world";
            }

            @Override
            public List<MaskProposal> propose(RgbImage image, ProposalRequest request) {
                Scene scene = byPixels.get(Arrays.hashCode(image.rgb()));
                List<MaskProposal> out = new ArrayList<>();
                List<SceneObject> objects = scene.objects();
                for (int k = 0; k < objects.size(); k++) {
                    out.add(proposal(objects.get(k).mask(), "object " + k));
                }
                if (distractors) {
                    int w = image.width();
                    int h = image.height();
                    byte[] background = new byte[w * h];
                    Arrays.fill(background, (byte) 255);
                    for (int k = 0; k < objects.size(); k++) {
                        SceneObject o = objects.get(k);
                        byte[] box = new byte[w * h];
                        for (int y = o.box().y0(); y < o.box().y1(); y++) {
                            Arrays.fill(box, y * w + o.box().x0(), y * w + o.box().x1(), (byte) 255);
                        }
                        out.add(proposal(new GrayImage(w, h, box), "box " + k));
                        byte[] m = o.mask().values();
                        for (int i = 0; i < m.length; i++) {
                            if (m[i] != 0) {
                                background[i] = 0;
                            }
                        }
                        if (k + 1 < objects.size()) {
                            byte[] union = m.clone();
                            byte[] next = objects.get(k + 1).mask().values();
                            for (int i = 0; i < union.length; i++) {
                                union[i] |= next[i];
                            }
                            out.add(proposal(new GrayImage(w, h, union), "union " + k + "+" + (k + 1)));
                        }
                    }
                    out.add(proposal(new GrayImage(w, h, background), "background"));
                }
                Collections.shuffle(out, new Random(scene.seed()));
                return out;
            }
        };
    }

    private static MaskProposal proposal(GrayImage mask, String source) {
        int[] b = Rle.of(mask, Region.DEFAULT_THRESHOLD).bbox();
        return new MaskProposal(mask, new Region.Box(b[0], b[1], b[0] + Math.max(1, b[2]), b[1] + Math.max(1, b[3])),
                0.5, "world:" + source);
    }

    private static int target(Scene scene) {
        Map<String, Integer> count = new HashMap<>();
        scene.objects().forEach(o -> count.merge(o.label(), 1, Integer::sum));
        int best = -1;
        long bestArea = 0;
        for (int k = 0; k < scene.objects().size(); k++) {
            SceneObject o = scene.objects().get(k);
            long area = Rle.of(o.mask(), Region.DEFAULT_THRESHOLD).area();
            if (count.get(o.label()) == 1 && area > bestArea) {
                best = k;
                bestArea = area;
            }
        }
        return best;
    }

    private static void png(RgbImage image, Path file) throws IOException {
        BufferedImage picture = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = image.rgb();
        for (int i = 0; i < image.width() * image.height(); i++) {
            picture.setRGB(i % image.width(), i / image.width(),
                    (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | rgb[3 * i + 2] & 0xFF);
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(picture, "png", file.toFile());
    }
}
