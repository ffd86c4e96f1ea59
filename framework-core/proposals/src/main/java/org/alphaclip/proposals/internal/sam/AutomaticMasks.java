package org.alphaclip.proposals.internal.sam;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.proposals.internal.mask.BinaryMask;

/**
 * segment-anything's automatic mask generator ({@code SamAutomaticMaskGenerator.generate}) on the ONNX
 * graphs, step for step: crop boxes, a point grid per crop, one decoder run per point (the three
 * multimask outputs), the predicted-IoU filter ({@code > thresh}, float32), the stability filter
 * ({@code >= thresh}), the crop-edge filter, box NMS per crop, NMS across crops (smaller crops first)
 * and the optional removal of small holes and islands. Every candidate's numbers and decisions are kept
 * in the result for inspection.
 *
 * <p>The official generator feeds float64 points to the prompt encoder, which adds 0.5, divides by the
 * input size and only then rounds to float32; the ONNX decoder does those steps in float32. To give the
 * decoder the very same encoder input, each coordinate is passed as {@code t * S - 0.5} (exact in
 * float32) with {@code t = float32((c + 0.5) / S)}.
 */
final class AutomaticMasks {

    private final SamModel model;
    private final AmgSettings settings;
    private final Embedder embedder;

    /** Runs (or recalls) the image encoder for an image or crop. */
    @FunctionalInterface
    interface Embedder {
        /** The embedding of an image. */
        SamModel.Embedding embed(RgbImage image) throws SessionException;
    }

    /**
     * One decoder mask for one grid point and what the generator decided about it.
     *
     * @param index candidate number in generator order (crop, then point, then multimask output)
     * @param crop crop number (0 = the whole image)
     * @param point grid point number within the crop
     * @param maskIndex multimask output 0..2
     * @param x grid point in the original image
     * @param y grid point in the original image
     * @param inputX the point in the crop's resized frame (float64, {@code apply_coords})
     * @param inputY the point in the crop's resized frame
     * @param predictedIou the decoder's IoU prediction
     * @param stability {@code count(logits > t + offset) / count(logits > t - offset)}
     * @param countAbove pixels with logits above {@code t + offset}
     * @param countUnion pixels with logits above {@code t - offset}
     * @param area pixels with logits above {@code t}
     * @param box inclusive XYXY box of the binary mask in the original image ({@code [0,0,0,0]} if empty,
     *        offset by the crop)
     * @param passIou passed the predicted-IoU filter
     * @param passStability passed the IoU and the stability filters
     * @param nearCropEdge dropped because its box touches an inner crop edge
     * @param keptAfterNms survived box NMS within its crop
     * @param outputRank position in the output, or -1
     */
    record Candidate(int index, int crop, int point, int maskIndex, double x, double y, double inputX, double inputY,
            float predictedIou, float stability, int countAbove, int countUnion, int area, int[] box, boolean passIou,
            boolean passStability, boolean nearCropEdge, boolean keptAfterNms, int outputRank) {
    }

    /**
     * One output mask, as the official generator's output record.
     *
     * @param mask the binary mask at the image's size
     * @param box inclusive XYXY box
     * @param area pixels inside
     * @param predictedIou the decoder's IoU prediction
     * @param stability the stability score
     * @param x the grid point that made it
     * @param y the grid point that made it
     * @param cropBox XYXY crop it was found in
     * @param candidate its {@link Candidate#index()}
     */
    record Generated(BinaryMask mask, int[] box, int area, float predictedIou, float stability, double x, double y,
            int[] cropBox, int candidate) {
    }

    /**
     * Everything the generator computed.
     *
     * @param candidates every decoder mask in generator order
     * @param masks the output, in the official order
     */
    record Result(List<Candidate> candidates, List<Generated> masks) {
    }

    /** A generator over a model; {@code embedder} computes or recalls embeddings (e.g. {@code model::embed}). */
    AutomaticMasks(SamModel model, AmgSettings settings, Embedder embedder) {
        this.model = model;
        this.settings = settings;
        this.embedder = embedder;
    }

    /** Generates the masks of an image. */
    Result generate(RgbImage image) throws SessionException {
        int width = image.width();
        int height = image.height();
        List<int[]> crops = new ArrayList<>();
        List<Integer> layers = new ArrayList<>();
        cropBoxes(height, width, crops, layers);
        List<double[][]> grids = new ArrayList<>();
        for (int layer = 0; layer <= settings.cropNLayers(); layer++) {
            grids.add(pointGrid((int) (settings.pointsPerSide() / Math.pow(settings.cropNPointsDownscaleFactor(), layer))));
        }
        List<Work> candidates = new ArrayList<>();
        List<Work> kept = new ArrayList<>();
        for (int c = 0; c < crops.size(); c++) {
            kept.addAll(processCrop(image, c, crops.get(c), grids.get(layers.get(c)), candidates));
        }
        if (crops.size() > 1) {
            float[][] boxes = new float[kept.size()][];
            float[] scores = new float[kept.size()];
            for (int i = 0; i < kept.size(); i++) {
                Work w = kept.get(i);
                boxes[i] = floats(w.box);
                int[] cb = crops.get(w.crop);
                scores[i] = 1f / (float) ((long) (cb[2] - cb[0]) * (cb[3] - cb[1]));
            }
            kept = select(kept, BoxNms.keep(boxes, scores, settings.cropNmsThresh()));
        }
        List<BinaryMask> masks = new ArrayList<>();
        for (Work w : kept) {
            int[] cb = crops.get(w.crop);
            BinaryMask local = new BinaryMask(cb[2] - cb[0], cb[3] - cb[1], unpack(w.bits, (cb[2] - cb[0]) * (cb[3] - cb[1])));
            masks.add(local.placeInto(width, height, cb[0], cb[1]));
        }
        if (settings.minMaskRegionArea() > 0 && !kept.isEmpty()) {
            removeSmallRegions(kept, masks);
        }
        List<Generated> out = new ArrayList<>();
        for (int rank = 0; rank < kept.size(); rank++) {
            Work w = kept.get(rank);
            w.outputRank = rank;
            out.add(new Generated(masks.get(rank), w.box.clone(), masks.get(rank).area(), w.iou, w.stability, w.x, w.y,
                    crops.get(w.crop).clone(), w.index));
        }
        return new Result(candidates.stream().map(Work::toCandidate).toList(), out);
    }

    private List<Work> processCrop(RgbImage image, int cropIndex, int[] crop, double[][] grid, List<Work> candidates)
            throws SessionException {
        int cw = crop[2] - crop[0];
        int ch = crop[3] - crop[1];
        RgbImage cropped = crop(image, crop);
        SamModel.Embedding embedding = embedder.embed(cropped);
        SamGeometry geometry = embedding.geometry();
        int inputSize = model.preprocessor().inputSize();
        float threshold = model.samPackage().maskThreshold();
        float above = (float) ((double) threshold + settings.stabilityScoreOffset());
        float union = (float) ((double) threshold - settings.stabilityScoreOffset());
        float iouThreshold = (float) settings.predIouThresh();
        float stabilityThreshold = (float) settings.stabilityScoreThresh();
        List<Work> passed = new ArrayList<>();
        for (int p = 0; p < grid.length; p++) {
            double px = grid[p][0] * cw;
            double py = grid[p][1] * ch;
            double tx = geometry.toInputX(px);
            double ty = geometry.toInputY(py);
            float[] coordinates = {encoderExact(tx, inputSize), encoderExact(ty, inputSize), 0f, 0f};
            SamModel.Masks masks = model.decode(embedding, coordinates, new float[] {1f, -1f}, null, false);
            int plane = cw * ch;
            for (int k = 1; k < masks.count(); k++) {
                Work w = new Work();
                w.index = candidates.size();
                w.crop = cropIndex;
                w.point = p;
                w.maskIndex = k - 1;
                w.x = px + crop[0];
                w.y = py + crop[1];
                w.inputX = tx;
                w.inputY = ty;
                w.iou = masks.iou()[k];
                float[] logits = masks.logits();
                int offset = k * plane;
                BitSet bits = new BitSet(plane);
                int x0 = cw;
                int y0 = ch;
                int x1 = -1;
                int y1 = -1;
                for (int i = 0; i < plane; i++) {
                    float v = logits[offset + i];
                    if (v > above) {
                        w.countAbove++;
                    }
                    if (v > union) {
                        w.countUnion++;
                    }
                    if (v > threshold) {
                        w.area++;
                        bits.set(i);
                        int x = i % cw;
                        int y = i / cw;
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                        y0 = Math.min(y0, y);
                        y1 = y;
                    }
                }
                w.stability = (float) w.countAbove / (float) w.countUnion;
                w.box = x1 < 0 ? new int[4] : new int[] {x0 + crop[0], y0 + crop[1], x1 + crop[0], y1 + crop[1]};
                w.passIou = !(iouThreshold > 0f) || w.iou > iouThreshold;
                w.passStability = w.passIou && (!(stabilityThreshold > 0f) || w.stability >= stabilityThreshold);
                if (w.passStability) {
                    w.nearCropEdge = nearCropEdge(w.box, crop, image.width(), image.height());
                    if (!w.nearCropEdge) {
                        w.bits = bits;
                        passed.add(w);
                    }
                }
                candidates.add(w);
            }
        }
        float[][] boxes = new float[passed.size()][];
        float[] scores = new float[passed.size()];
        for (int i = 0; i < passed.size(); i++) {
            boxes[i] = floats(passed.get(i).box);
            scores[i] = passed.get(i).iou;
        }
        List<Work> kept = select(passed, BoxNms.keep(boxes, scores, settings.boxNmsThresh()));
        kept.forEach(w -> w.keptAfterNms = true);
        return kept;
    }

    /** Fills small holes, removes small islands, and lets NMS prefer the masks that did not change. */
    private void removeSmallRegions(List<Work> kept, List<BinaryMask> masks) {
        int n = kept.size();
        float[][] boxes = new float[n][];
        float[] scores = new float[n];
        List<BinaryMask> cleaned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BinaryMask mask = masks.get(i);
            BinaryMask filled = SmallRegions.remove(mask, settings.minMaskRegionArea(), true);
            BinaryMask current = filled != null ? filled : mask;
            BinaryMask trimmed = SmallRegions.remove(current, settings.minMaskRegionArea(), false);
            current = trimmed != null ? trimmed : current;
            cleaned.add(current);
            scores[i] = filled == null && trimmed == null ? 1f : 0f;
            boxes[i] = floats(current.inclusiveBox());
        }
        int[] keep = BoxNms.keep(boxes, scores, settings.boxNmsThresh());
        List<Work> works = new ArrayList<>();
        List<BinaryMask> out = new ArrayList<>();
        for (int i : keep) {
            Work w = kept.get(i);
            if (scores[i] == 0f) {
                w.box = cleaned.get(i).inclusiveBox();
                out.add(cleaned.get(i));
            } else {
                out.add(masks.get(i));
            }
            works.add(w);
        }
        kept.clear();
        kept.addAll(works);
        masks.clear();
        masks.addAll(out);
    }

    /** segment-anything's {@code generate_crop_boxes}: the whole image, then 2^i x 2^i overlapping crops per layer. */
    private void cropBoxes(int height, int width, List<int[]> crops, List<Integer> layers) {
        crops.add(new int[] {0, 0, width, height});
        layers.add(0);
        int shortSide = Math.min(height, width);
        for (int layer = 0; layer < settings.cropNLayers(); layer++) {
            int perSide = 1 << (layer + 1);
            int overlap = (int) (settings.cropOverlapRatio() * shortSide * (2.0 / perSide));
            int cropW = (int) Math.ceil((overlap * (perSide - 1) + width) / (double) perSide);
            int cropH = (int) Math.ceil((overlap * (perSide - 1) + height) / (double) perSide);
            for (int i = 0; i < perSide; i++) {
                int x0 = (cropW - overlap) * i;
                for (int j = 0; j < perSide; j++) {
                    int y0 = (cropH - overlap) * j;
                    crops.add(new int[] {x0, y0, Math.min(x0 + cropW, width), Math.min(y0 + cropH, height)});
                    layers.add(layer + 1);
                }
            }
        }
    }

    /** segment-anything's {@code build_point_grid}: n x n points in [0, 1]^2, x fastest, cell centres. */
    static double[][] pointGrid(int n) {
        double offset = 1.0 / (2 * n);
        double[] side = new double[n];
        double start = offset;
        double stop = 1 - offset;
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            side[i] = n > 1 ? i * step + start : start;
        }
        if (n > 1) {
            side[n - 1] = stop;
        }
        double[][] points = new double[n * n][];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                points[row * n + col] = new double[] {side[col], side[row]};
            }
        }
        return points;
    }

    /** The float32 decoder coordinate that the ONNX graph maps to the same encoder input as float64 {@code c}. */
    static float encoderExact(double c, int inputSize) {
        float t = (float) ((c + 0.5) / inputSize);
        return t * inputSize - 0.5f;
    }

    private static boolean nearCropEdge(int[] box, int[] crop, int width, int height) {
        int[] image = {0, 0, width, height};
        for (int i = 0; i < 4; i++) {
            boolean nearCrop = Math.abs((float) box[i] - crop[i]) <= 20f;
            boolean nearImage = Math.abs((float) box[i] - image[i]) <= 20f;
            if (nearCrop && !nearImage) {
                return true;
            }
        }
        return false;
    }

    private static RgbImage crop(RgbImage image, int[] box) {
        if (box[0] == 0 && box[1] == 0 && box[2] == image.width() && box[3] == image.height()) {
            return image;
        }
        int w = box[2] - box[0];
        int h = box[3] - box[1];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.rgb(), ((y + box[1]) * image.width() + box[0]) * 3, rgb, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, rgb, null);
    }

    private static boolean[] unpack(BitSet bits, int length) {
        boolean[] out = new boolean[length];
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            out[i] = true;
        }
        return out;
    }

    private static float[] floats(int[] box) {
        return new float[] {box[0], box[1], box[2], box[3]};
    }

    private static List<Work> select(List<Work> works, int[] indices) {
        List<Work> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(works.get(i));
        }
        return out;
    }

    /** A candidate while the generator decides about it. */
    private static final class Work {
        int index;
        int crop;
        int point;
        int maskIndex;
        double x;
        double y;
        double inputX;
        double inputY;
        float iou;
        float stability;
        int countAbove;
        int countUnion;
        int area;
        int[] box;
        boolean passIou;
        boolean passStability;
        boolean nearCropEdge;
        boolean keptAfterNms;
        int outputRank = -1;
        BitSet bits;

        Candidate toCandidate() {
            return new Candidate(index, crop, point, maskIndex, x, y, inputX, inputY, iou, stability, countAbove, countUnion,
                    area, box.clone(), passIou, passStability, nearCropEdge, keptAfterNms, outputRank);
        }
    }
}
