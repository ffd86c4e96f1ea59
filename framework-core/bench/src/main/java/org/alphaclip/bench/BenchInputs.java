package org.alphaclip.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.core.internal.image.AlphaMapper;
import org.alphaclip.core.internal.image.ImagePreprocessor;
import org.alphaclip.core.internal.image.PreprocessedImage;
import org.alphaclip.sdk.image.RegionRasterizer;

/**
 * The benchmark's inputs: {@code count} random 640 x 480 photos, each with a box region, and the model
 * tensors the encoder's preprocessing makes of them ({@code image [count,3,R,R]}, {@code alpha [count,1,R,R]}),
 * which the raw session runs and the PyTorch model get.
 *
 * @param regionImages the images with their regions, for the encoder
 * @param image the preprocessed pixels
 * @param alpha the normalised alpha maps
 */
record BenchInputs(List<RegionImage> regionImages, FloatTensor image, FloatTensor alpha) {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    /** Makes the photos and preprocesses them as the encoder does. */
    static BenchInputs create(ModelInfo model, int count, long seed) {
        Random random = new Random(seed);
        List<RegionImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] rgb = new byte[WIDTH * HEIGHT * 3];
            random.nextBytes(rgb);
            double x0 = random.nextInt(WIDTH / 2);
            double y0 = random.nextInt(HEIGHT / 2);
            images.add(new RegionImage(new RgbImage(WIDTH, HEIGHT, rgb, null),
                    new Region.Box(x0, y0, x0 + WIDTH / 4.0, y0 + HEIGHT / 4.0)));
        }
        int side = model.vision().resolution();
        int plane = side * side;
        float[] pixels = new float[count * 3 * plane];
        float[] alphas = new float[count * plane];
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.preprocessing());
        AlphaMapper alphaMapper = new AlphaMapper(model.preprocessing());
        for (int i = 0; i < count; i++) {
            PreprocessedImage image = preprocess(images.get(i), preprocessor, alphaMapper, alphas, i * plane);
            System.arraycopy(image.pixelValues(), 0, pixels, i * 3 * plane, 3 * plane);
        }
        return new BenchInputs(List.copyOf(images), new FloatTensor(new long[] {count, 3, side, side}, pixels),
                new FloatTensor(new long[] {count, 1, side, side}, alphas));
    }

    /** The encoder's preprocessing of one input: pixels returned, alpha written into {@code alphas}. */
    private static PreprocessedImage preprocess(RegionImage input, ImagePreprocessor preprocessor,
            AlphaMapper alphaMapper, float[] alphas, int offset) {
        PreprocessedImage image = preprocessor.preprocess(input.image());
        float[] alpha = alphaMapper.alpha(RegionRasterizer.rasterizeAtSourceSize(input.region(), input.image()),
                AlphaGeometry.ALIGNED, image.geometry());
        System.arraycopy(alpha, 0, alphas, offset, alpha.length);
        return image;
    }

    /** Median milliseconds per image of the encoder's preprocessing (resize, crop, normalise, region, alpha). */
    static double preprocessingMillisPerImage(ModelInfo model, List<RegionImage> images, int runs) throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.preprocessing());
        AlphaMapper alphaMapper = new AlphaMapper(model.preprocessing());
        float[] alphas = new float[model.vision().resolution() * model.vision().resolution()];
        double seconds = Timing.medianSeconds(() -> {
            for (RegionImage image : images) {
                preprocess(image, preprocessor, alphaMapper, alphas, 0);
            }
        }, 2, runs);
        return seconds * 1000 / images.size();
    }

    /** The first {@code batch} images with their regions. */
    List<RegionImage> regionImages(int batch) {
        return regionImages.subList(0, batch);
    }

    /** The first {@code batch} rows of the pixel tensor. */
    FloatTensor image(int batch) {
        return rows(image, batch);
    }

    /** The first {@code batch} rows of the alpha tensor. */
    FloatTensor alpha(int batch) {
        return rows(alpha, batch);
    }

    private static FloatTensor rows(FloatTensor tensor, int batch) {
        long[] shape = tensor.shape();
        int perRow = tensor.data().length / (int) shape[0];
        shape[0] = batch;
        return new FloatTensor(shape, Arrays.copyOf(tensor.data(), batch * perRow));
    }
}
