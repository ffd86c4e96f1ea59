package org.alphaclip.world.internal.render;

/**
 * A filled shape given by its signed distance: negative inside, positive outside, in pixels. The
 * raster renderer samples it to draw anti-aliased fills and inner outlines.
 */
interface Geometry {

    /** Signed distance from (x, y) to the boundary: negative inside. */
    double signedDistance(double x, double y);

    /** A disc around the centre that holds the whole shape. */
    double extent();

    /** A disc of radius r around (cx, cy). */
    static Geometry circle(double cx, double cy, double r) {
        return new Geometry() {
            @Override
            public double signedDistance(double x, double y) {
                return Math.hypot(x - cx, y - cy) - r;
            }

            @Override
            public double extent() {
                return r;
            }
        };
    }

    /** A closed simple polygon through the points {x0, y0, x1, y1, ...}, centred near (cx, cy). */
    static Geometry polygon(double cx, double cy, double[] points) {
        int n = points.length / 2;
        double reach = 0;
        for (int i = 0; i < n; i++) {
            reach = Math.max(reach, Math.hypot(points[2 * i] - cx, points[2 * i + 1] - cy));
        }
        double extent = reach;
        return new Geometry() {
            @Override
            public double signedDistance(double x, double y) {
                double best = Double.MAX_VALUE;
                boolean inside = false;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    double xi = points[2 * i];
                    double yi = points[2 * i + 1];
                    double xj = points[2 * j];
                    double yj = points[2 * j + 1];
                    if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                        inside = !inside;
                    }
                    double ex = xj - xi;
                    double ey = yj - yi;
                    double t = ((x - xi) * ex + (y - yi) * ey) / (ex * ex + ey * ey);
                    t = Math.max(0, Math.min(1, t));
                    best = Math.min(best, Math.hypot(x - xi - t * ex, y - yi - t * ey));
                }
                return inside ? -best : best;
            }

            @Override
            public double extent() {
                return extent;
            }
        };
    }

    /**
     * A regular polygon or star: {@code corners} outer points at {@code outer} pixels, and when
     * {@code inner > 0} as many inner points at {@code inner} pixels between them.
     */
    static Geometry star(double cx, double cy, int corners, double outer, double inner, double rotation) {
        int vertices = inner > 0 ? 2 * corners : corners;
        double[] points = new double[2 * vertices];
        for (int i = 0; i < vertices; i++) {
            double angle = rotation - Math.PI / 2 + 2 * Math.PI * i / vertices;
            double radius = inner > 0 && i % 2 == 1 ? inner : outer;
            points[2 * i] = cx + radius * Math.cos(angle);
            points[2 * i + 1] = cy + radius * Math.sin(angle);
        }
        return polygon(cx, cy, points);
    }
}
