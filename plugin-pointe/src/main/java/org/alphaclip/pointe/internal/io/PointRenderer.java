package org.alphaclip.pointe.internal.io;

import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.pointe.PointCloud;

/**
 * A small renderer for point clouds: each point a shaded disc (wider for sparser clouds), orthographic, on white, the cloud centred and scaled
 * to fit, z up. A view turns the cloud about z by its azimuth and tilts the camera by its elevation; points are
 * painted far to near, and farther points are drawn a little darker so the shape reads.
 */
public final class PointRenderer {

    /**
     * A camera direction.
     *
     * @param azimuth degrees about the z axis
     * @param elevation degrees above the horizon
     */
    public record View(double azimuth, double elevation) {
    }

    private PointRenderer() {
    }

    /** {@code count} views evenly around the cloud at 20 degrees above the horizon. */
    public static List<View> around(int count) {
        View[] views = new View[count];
        for (int i = 0; i < count; i++) {
            views[i] = new View(360.0 * i / count, 20);
        }
        return List.of(views);
    }

    /** The cloud seen from a view, {@code size} pixels square. */
    public static RgbImage render(PointCloud cloud, View view, int size) {
        int n = cloud.size();
        float[] xyz = cloud.coordinates();
        double[] centre = new double[3];
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                min[c] = Math.min(min[c], xyz[3 * p + c]);
                max[c] = Math.max(max[c], xyz[3 * p + c]);
            }
        }
        for (int c = 0; c < 3; c++) {
            centre[c] = n == 0 ? 0 : (min[c] + max[c]) / 2;
        }
        double radius = 1e-9;
        for (int p = 0; p < n; p++) {
            double dx = xyz[3 * p] - centre[0];
            double dy = xyz[3 * p + 1] - centre[1];
            double dz = xyz[3 * p + 2] - centre[2];
            radius = Math.max(radius, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        double az = Math.toRadians(view.azimuth());
        double el = Math.toRadians(view.elevation());
        double[] u = new double[n];
        double[] v = new double[n];
        double[] depth = new double[n];
        for (int p = 0; p < n; p++) {
            double x = (xyz[3 * p] - centre[0]) / radius;
            double y = (xyz[3 * p + 1] - centre[1]) / radius;
            double z = (xyz[3 * p + 2] - centre[2]) / radius;
            // turn about z, then tilt about the screen's horizontal axis; the camera looks along +y
            double xr = x * Math.cos(az) - y * Math.sin(az);
            double yr = x * Math.sin(az) + y * Math.cos(az);
            u[p] = xr;
            v[p] = z * Math.cos(el) - yr * Math.sin(el);
            depth[p] = yr * Math.cos(el) + z * Math.sin(el);
        }
        Integer[] order = new Integer[n];
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
        Arrays.sort(order, (a, b) -> Double.compare(depth[b], depth[a]));
        byte[] rgb = new byte[size * size * 3];
        Arrays.fill(rgb, (byte) 255);
        // discs about as wide as the mean spacing of the points across the picture, so a surface reads as one
        double dot = Math.max(1.0, 0.55 * size / Math.sqrt(Math.max(1, n)));
        float[] colours = cloud.colours();
        for (int p : order) {
            double px = (u[p] * 0.45 + 0.5) * size;
            double py = (0.5 - v[p] * 0.45) * size;
            double shade = 0.75 + 0.25 * (1 - (depth[p] + 1) / 2);
            int r = (int) Math.round(colours[3 * p] * 255 * shade);
            int g = (int) Math.round(colours[3 * p + 1] * 255 * shade);
            int b = (int) Math.round(colours[3 * p + 2] * 255 * shade);
            for (int yy = (int) Math.floor(py - dot); yy <= (int) Math.ceil(py + dot); yy++) {
                for (int xx = (int) Math.floor(px - dot); xx <= (int) Math.ceil(px + dot); xx++) {
                    double ddx = xx + 0.5 - px;
                    double ddy = yy + 0.5 - py;
                    if (xx < 0 || yy < 0 || xx >= size || yy >= size || ddx * ddx + ddy * ddy > dot * dot) {
                        continue;
                    }
                    int at = (yy * size + xx) * 3;
                    rgb[at] = (byte) r;
                    rgb[at + 1] = (byte) g;
                    rgb[at + 2] = (byte) b;
                }
            }
        }
        return new RgbImage(size, size, rgb, null);
    }
}
