package org.alphaclip.nerf.internal.augment;

/** DiffAugment's cutout: a square of the image set to zero (in every plane). */
public final class Cutout implements ImageOp {

    private final int x0;
    private final int y0;
    private final int size;

    /** The square of side {@code size} with its top-left corner at (x0, y0), clipped to the image. */
    public Cutout(int x0, int y0, int size) {
        this.x0 = x0;
        this.y0 = y0;
        this.size = size;
    }

    @Override
    public Planes forward(Planes input) {
        return cut(input);
    }

    @Override
    public Planes backward(Planes outputGradient) {
        return cut(outputGradient);
    }

    private Planes cut(Planes planes) {
        float[] values = planes.values().clone();
        for (int c = 0; c < planes.channels(); c++) {
            for (int y = Math.max(0, y0); y < Math.min(planes.height(), y0 + size); y++) {
                for (int x = Math.max(0, x0); x < Math.min(planes.width(), x0 + size); x++) {
                    values[c * planes.planeSize() + y * planes.width() + x] = 0;
                }
            }
        }
        return new Planes(planes.channels(), planes.height(), planes.width(), values);
    }
}
