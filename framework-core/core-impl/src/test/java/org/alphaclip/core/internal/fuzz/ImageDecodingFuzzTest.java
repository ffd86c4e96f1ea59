package org.alphaclip.core.internal.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.InvalidImageException;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.core.internal.image.ImagePreprocessor;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given as an image or mask file: decoded and preprocessed, or refused with
 * {@link InvalidImageException}; never another exception, never more pixels than the cap.
 */
class ImageDecodingFuzzTest {

    private static final ImageFileReader READER = new ImageFileReader(4_000_000);
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(new Preprocessing(32, "shortest-side",
            "bicubic", "center", new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f));

    @FuzzTest(maxDuration = "2m")
    void imageFile(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".img");
        try {
            Files.write(file, bytes);
            RgbImage image = READER.readImage(file);
            if ((long) image.width() * image.height() > READER.maxPixels()) {
                throw new AssertionError("pixel cap exceeded: " + image.width() + "x" + image.height());
            }
            PREPROCESSOR.preprocess(image);
            GrayImage mask = READER.readMask(file);
            if (mask.width() != image.width() || mask.height() != image.height()) {
                throw new AssertionError("mask and image of one file differ in size");
            }
        } catch (InvalidImageException refused) {
            if (refused.getMessage() == null || !refused.getMessage().contains(file.toString())) {
                throw new AssertionError("refusal must name the file: " + refused.getMessage());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
