package org.alphaclip.core.internal.fuzz;

import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.api.region.Region;
import org.alphaclip.core.internal.image.AlphaMapper;
import org.alphaclip.core.internal.image.CropGeometry;
import org.alphaclip.sdk.command.RegionOptions;
import org.alphaclip.sdk.image.ForegroundMap;
import org.alphaclip.sdk.image.RegionRasterizer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text given to {@code --box}, {@code --points}/{@code --radius}, {@code --stroke}/{@code --width}
 * and {@code --threshold}, parsed by the SDK's {@link RegionOptions} as the commands do: a region whose alpha
 * map is finite, or an {@link IllegalArgumentException} with a message; never another exception. The numeric
 * options arrive as numbers, as Gogo converts them; text that is no number never reaches a command (the shell
 * explains it), so here it stands for the option left out, with its default.
 */
class RegionArgumentsFuzzTest {

    private static final Preprocessing PREPROCESSING = new Preprocessing(32, "shortest-side", "bicubic", "center",
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f);

    @FuzzTest(maxDuration = "2m")
    void regionOptions(FuzzedDataProvider data) throws Exception {
        int width = data.consumeInt(1, 300);
        int height = data.consumeInt(1, 300);
        String box = data.consumeString(40);
        String points = data.consumeString(60);
        String radiusText = data.consumeString(10);
        String stroke = data.consumeString(60);
        String strokeWidthText = data.consumeString(10);
        String thresholdText = data.consumeString(5);
        int which = data.consumeInt(0, 3);
        double radius = number(radiusText, RegionOptions.DEFAULT_RADIUS);
        double strokeWidth = number(strokeWidthText, RegionOptions.DEFAULT_WIDTH);
        int threshold = (int) number(thresholdText, RegionOptions.DEFAULT_THRESHOLD);
        RgbImage image = new RgbImage(width, height, new byte[width * height * 3], null);
        try {
            Region region = new RegionOptions("", which == 0 ? box : "", which == 1 ? points : "", radius,
                    which == 2 ? stroke : "", strokeWidth, false, threshold).toRegion(null);
            ForegroundMap map = RegionRasterizer.rasterizeAtSourceSize(region, image);
            float[] alpha = new AlphaMapper(PREPROCESSING).alpha(map, AlphaGeometry.ALIGNED,
                    CropGeometry.shortestSideCenterCrop(width, height, 32));
            for (float value : alpha) {
                if (!Float.isFinite(value)) {
                    throw new AssertionError("non-finite alpha for " + region.describe());
                }
            }
        } catch (IllegalArgumentException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("refusal without a message", refused);
            }
        }
    }

    /** The number Gogo would pass for the text, or the option's default when the text is no number. */
    private static double number(String text, String absentValue) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            return Double.parseDouble(absentValue);
        }
    }
}
