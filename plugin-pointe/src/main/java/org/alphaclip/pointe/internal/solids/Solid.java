package org.alphaclip.pointe.internal.solids;

import java.util.SplittableRandom;

/**
 * The solids of the 3-D world, each in a fixed pose inside the unit cube {@code [-0.5, 0.5]^3}, z up: its signed
 * distance function (for rendering) and uniform samples of its surface (the true point cloud).
 */
public enum Solid {
    /** A ball of radius 0.45. */
    SPHERE("sphere"),
    /** A cube of side 0.62, turned 30 degrees about z. */
    CUBE("cube"),
    /** An upright cone: base radius 0.42 at z = -0.42, apex at z = 0.42. */
    CONE("cone"),
    /** An upright cylinder of radius 0.36 from z = -0.42 to 0.42. */
    CYLINDER("cylinder"),
    /** A ring of major radius 0.33 and tube radius 0.12, its axis tilted 60 degrees from z toward the viewer. */
    TORUS("torus");

    private static final double CUBE_HALF = 0.31;
    private static final double CUBE_TURN = Math.toRadians(30);
    private static final double CONE_RADIUS = 0.42;
    private static final double HALF_HEIGHT = 0.42;
    private static final double CYLINDER_RADIUS = 0.36;
    private static final double RING = 0.33;
    private static final double TUBE = 0.12;
    private static final double TORUS_TILT = Math.toRadians(60);

    private final String word;

    Solid(String word) {
        this.word = word;
    }

    /** The word for this solid, e.g. {@code torus}. */
    public String word() {
        return word;
    }

    /** The solid of a word. */
    public static Solid of(String word) {
        for (Solid s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown solid '" + word + "'");
    }

    /** The signed distance from a point (object space) to the surface: negative inside. */
    public double distance(double x, double y, double z) {
        switch (this) {
            case SPHERE:
                return Math.sqrt(x * x + y * y + z * z) - 0.45;
            case CUBE: {
                double c = Math.cos(-CUBE_TURN);
                double s = Math.sin(-CUBE_TURN);
                double qx = Math.abs(c * x - s * y) - CUBE_HALF;
                double qy = Math.abs(s * x + c * y) - CUBE_HALF;
                double qz = Math.abs(z) - CUBE_HALF;
                double outside = Math.sqrt(sq(Math.max(qx, 0)) + sq(Math.max(qy, 0)) + sq(Math.max(qz, 0)));
                return outside + Math.min(Math.max(qx, Math.max(qy, qz)), 0);
            }
            case CONE: {
                // a cone of apex (0, 0, h), base radius r at z = -h: distance to the 2-D triangle (radius, height)
                double q = Math.sqrt(x * x + y * y);
                return triangleDistance(q, z);
            }
            case CYLINDER: {
                double dq = Math.sqrt(x * x + y * y) - CYLINDER_RADIUS;
                double dz = Math.abs(z) - HALF_HEIGHT;
                return Math.min(Math.max(dq, dz), 0) + Math.sqrt(sq(Math.max(dq, 0)) + sq(Math.max(dz, 0)));
            }
            case TORUS: {
                double c = Math.cos(-TORUS_TILT);
                double s = Math.sin(-TORUS_TILT);
                double ty = c * y - s * z;
                double tz = s * y + c * z;
                double ring = Math.sqrt(x * x + ty * ty) - RING;
                return Math.sqrt(ring * ring + tz * tz) - TUBE;
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * Distance to the cone: in the plane of the radius {@code q} and height {@code z}, the nearer of the base segment
     * and the slanted side; negative inside the triangle (0, -h), (r, -h), (0, h).
     */
    private static double triangleDistance(double q, double z) {
        double h = HALF_HEIGHT;
        double r = CONE_RADIUS;
        double base = Math.hypot(q - Math.max(0, Math.min(r, q)), z + h);
        double ex = -r;
        double ey = 2 * h;
        double t = Math.max(0, Math.min(1, ((q - r) * ex + (z + h) * ey) / (ex * ex + ey * ey)));
        double side = Math.hypot(q - (r + t * ex), z - (-h + t * ey));
        double nearest = Math.min(base, side);
        boolean inside = z > -h && z < h && q < r * (h - z) / (2 * h);
        return inside ? -nearest : nearest;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** {@code count} points drawn uniformly from the surface, {@code x, y, z} each. */
    public float[] sample(int count, SplittableRandom random) {
        float[] points = new float[count * 3];
        for (int i = 0; i < count; i++) {
            double[] p = samplePoint(random);
            points[3 * i] = (float) p[0];
            points[3 * i + 1] = (float) p[1];
            points[3 * i + 2] = (float) p[2];
        }
        return points;
    }

    private double[] samplePoint(SplittableRandom random) {
        switch (this) {
            case SPHERE: {
                double[] n = direction(random);
                return new double[] {0.45 * n[0], 0.45 * n[1], 0.45 * n[2]};
            }
            case CUBE: {
                int face = random.nextInt(6);
                double a = (random.nextDouble() * 2 - 1) * CUBE_HALF;
                double b = (random.nextDouble() * 2 - 1) * CUBE_HALF;
                double side = (face % 2 == 0 ? 1 : -1) * CUBE_HALF;
                double[] p = face < 2 ? new double[] {side, a, b} : face < 4 ? new double[] {a, side, b} : new double[] {a, b, side};
                double c = Math.cos(CUBE_TURN);
                double s = Math.sin(CUBE_TURN);
                return new double[] {c * p[0] - s * p[1], s * p[0] + c * p[1], p[2]};
            }
            case CONE: {
                double slant = Math.hypot(CONE_RADIUS, 2 * HALF_HEIGHT);
                double lateral = Math.PI * CONE_RADIUS * slant;
                double base = Math.PI * CONE_RADIUS * CONE_RADIUS;
                double angle = random.nextDouble() * 2 * Math.PI;
                if (random.nextDouble() < lateral / (lateral + base)) {
                    // radius fraction with density proportional to the radius (more surface near the base)
                    double f = Math.sqrt(random.nextDouble());
                    double q = f * CONE_RADIUS;
                    return new double[] {q * Math.cos(angle), q * Math.sin(angle), HALF_HEIGHT - f * 2 * HALF_HEIGHT};
                }
                double q = CONE_RADIUS * Math.sqrt(random.nextDouble());
                return new double[] {q * Math.cos(angle), q * Math.sin(angle), -HALF_HEIGHT};
            }
            case CYLINDER: {
                double side = 2 * Math.PI * CYLINDER_RADIUS * 2 * HALF_HEIGHT;
                double caps = 2 * Math.PI * CYLINDER_RADIUS * CYLINDER_RADIUS;
                double angle = random.nextDouble() * 2 * Math.PI;
                if (random.nextDouble() < side / (side + caps)) {
                    return new double[] {CYLINDER_RADIUS * Math.cos(angle), CYLINDER_RADIUS * Math.sin(angle),
                        (random.nextDouble() * 2 - 1) * HALF_HEIGHT};
                }
                double q = CYLINDER_RADIUS * Math.sqrt(random.nextDouble());
                return new double[] {q * Math.cos(angle), q * Math.sin(angle), random.nextBoolean() ? HALF_HEIGHT : -HALF_HEIGHT};
            }
            case TORUS: {
                double u;
                double v;
                do {
                    u = random.nextDouble() * 2 * Math.PI;
                    v = random.nextDouble() * 2 * Math.PI;
                } while (random.nextDouble() * (RING + TUBE) > RING + TUBE * Math.cos(v));
                double x = (RING + TUBE * Math.cos(v)) * Math.cos(u);
                double y = (RING + TUBE * Math.cos(v)) * Math.sin(u);
                double z = TUBE * Math.sin(v);
                double c = Math.cos(TORUS_TILT);
                double s = Math.sin(TORUS_TILT);
                return new double[] {x, c * y - s * z, s * y + c * z};
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    private static double[] direction(SplittableRandom random) {
        double z = random.nextDouble() * 2 - 1;
        double angle = random.nextDouble() * 2 * Math.PI;
        double q = Math.sqrt(1 - z * z);
        return new double[] {q * Math.cos(angle), q * Math.sin(angle), z};
    }
}
