package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image formats whose decoders live in bundles beside the core (TIFF in the TwelveMonkeys platform bundle) or
 * in the core's own decoders (CMYK JPEG, lossless WebP) are read inside the running application, and lossy WebP
 * is refused in one line.
 */
class ImageFormatsTest {

    /** A 37x29 lossless WebP of two colours (cwebp -lossless, from core-impl's decoding corpus). */
    private static final String LOSSLESS_WEBP = "UklGRlQAAABXRUJQVlA4TEgAAAAvJAAHAA/wktQnxr+uf/4DD4wiSVJUu8fgAP27Ogn3"
            + "pIHHsYOI/geYdhcp5LQHOVvppGA9l3Pu4LO7+wSsHaTSwa4d2CkP9h8=";

    @TempDir
    static Path home;
    @TempDir
    static Path files;

    @BeforeAll
    static void setUp() throws Exception {
        AppProcess.copyApp(home);
    }

    @Test
    void tiffCmykJpegAndLosslessWebPAreReadInTheApplication() throws Exception {
        BufferedImage picture = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                picture.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 128);
            }
        }
        Path tiff = write(picture, "tiff", "LZW", "picture.tif");
        Path cmyk = write(cmyk(picture), "jpeg", null, "cmyk.jpg");
        Path webp = Files.write(files.resolve("two-colours.webp"), Base64.getDecoder().decode(LOSSLESS_WEBP));
        StringBuilder script = new StringBuilder();
        for (Path image : List.of(tiff, cmyk, webp)) {
            script.append("alphaclip:overlay --image ").append(image).append(" --box 2,2,20,20 --out ")
                    .append(image).append(".png\n");
        }
        Path scriptFile = Files.writeString(files.resolve("overlays.gosh"), script);

        AppProcess.Outcome run = AppProcess.run(home, scriptFile.toString());

        assertEquals(0, run.exitCode(), run.stderr());
        for (Path image : List.of(tiff, cmyk, webp)) {
            assertTrue(run.stdout().contains("Wrote " + image + ".png"), run.stdout());
            assertTrue(Files.size(Path.of(image + ".png")) > 0, image.toString());
        }
    }

    @Test
    void lossyWebPIsRefusedWithTheWayToPillowsPixels() throws Exception {
        byte[] lossy = Base64.getDecoder().decode(LOSSLESS_WEBP);
        lossy[15] = ' ';
        Path file = Files.write(files.resolve("lossy.webp"), lossy);

        AppProcess.Outcome run = AppProcess.run(home, "-c", "alphaclip:overlay --image " + file
                + " --box 2,2,20,20 --out " + files.resolve("lossy.png"));

        assertEquals(1, run.exitCode(), run.stdout());
        assertTrue(run.stderr().contains(file + ": is a lossy WebP image;"), run.stderr());
        assertTrue(run.stderr().contains("dwebp"), run.stderr());
    }

    /** Naive CMYK samples as a 4-band raster, which the JDK's JPEG writer stores as an Adobe CMYK JPEG. */
    private static Raster cmyk(BufferedImage picture) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, picture.getWidth(),
                picture.getHeight(), 4, null);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int rgb = picture.getRGB(x, y);
                raster.setPixel(x, y,
                        new int[] {255 - (rgb >> 16 & 255), 255 - (rgb >> 8 & 255), 255 - (rgb & 255), 0});
            }
        }
        return raster;
    }

    private static Path write(Object image, String format, String compression, String name) throws Exception {
        Path file = files.resolve(name);
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (compression != null) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(compression);
        }
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, image instanceof Raster raster ? new IIOImage(raster, null, null)
                    : new IIOImage((BufferedImage) image, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }
}
