package org.alphaclip.nerf.internal.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.alphaclip.nerf.internal.grid.GridGeometry;

/**
 * A triangle mesh of a grid's iso-surface, by marching tetrahedra: each cell of the lattice is split into six
 * tetrahedra around its main diagonal, and each tetrahedron the surface crosses gives one or two triangles with
 * vertices interpolated along its edges (shared between neighbours). Vertices carry a colour. Written as PLY (binary
 * little-endian, vertex colours) and OBJ (with the common {@code v x y z r g b} colour extension).
 *
 * @param positions x y z per vertex, world units
 * @param colours r g b in [0, 1] per vertex
 * @param triangles three vertex indices per triangle, outward facing (from high values to low)
 */
public record SurfaceMesh(float[] positions, float[] colours, int[] triangles) {

    private static final int[][] TETRAHEDRA = {{0, 5, 1, 6}, {0, 1, 2, 6}, {0, 2, 3, 6}, {0, 3, 7, 6}, {0, 7, 4, 6},
        {0, 4, 5, 6}};
    private static final int[][] CORNERS = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1},
        {1, 1, 1}, {0, 1, 1}};

    /** The number of vertices. */
    public int vertexCount() {
        return positions.length / 3;
    }

    /** The number of triangles. */
    public int triangleCount() {
        return triangles.length / 3;
    }

    /**
     * The surface where {@code values} cross {@code level}, coloured by {@code colour} (three channel-major planes
     * on the same lattice, in [0, 1]) interpolated like the positions.
     */
    public static SurfaceMesh extract(GridGeometry geometry, float[] values, float[] colour, float level) {
        Builder builder = new Builder(geometry, values, colour, level);
        int[] point = new int[8];
        for (int x = 0; x < geometry.sizeX() - 1; x++) {
            for (int y = 0; y < geometry.sizeY() - 1; y++) {
                for (int z = 0; z < geometry.sizeZ() - 1; z++) {
                    for (int c = 0; c < 8; c++) {
                        point[c] = geometry.index(x + CORNERS[c][0], y + CORNERS[c][1], z + CORNERS[c][2]);
                    }
                    for (int[] tetrahedron : TETRAHEDRA) {
                        builder.tetrahedron(point[tetrahedron[0]], point[tetrahedron[1]], point[tetrahedron[2]],
                                point[tetrahedron[3]]);
                    }
                }
            }
        }
        return builder.mesh();
    }

    /** Writes binary little-endian PLY with per-vertex 8-bit colours. */
    public void writePly(Path file) throws IOException {
        String header = "ply\nformat binary_little_endian 1.0\ncomment Alpha-CLIP text-to-3D (marching tetrahedra)\n"
                + "element vertex " + vertexCount() + "\nproperty float x\nproperty float y\nproperty float z\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\n"
                + "element face " + triangleCount() + "\nproperty list uchar int vertex_indices\nend_header\n";
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(vertexCount() * 15 + triangleCount() * 13)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < vertexCount(); v++) {
            body.putFloat(positions[v * 3]).putFloat(positions[v * 3 + 1]).putFloat(positions[v * 3 + 2]);
            for (int c = 0; c < 3; c++) {
                body.put((byte) Math.round(Math.max(0, Math.min(1, colours[v * 3 + c])) * 255));
            }
        }
        for (int t = 0; t < triangleCount(); t++) {
            body.put((byte) 3).putInt(triangles[t * 3]).putInt(triangles[t * 3 + 1]).putInt(triangles[t * 3 + 2]);
        }
        try (var out = Files.newOutputStream(file)) {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(body.array());
        }
    }

    /** Writes Wavefront OBJ with vertex colours after the positions. */
    public void writeObj(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("# Alpha-CLIP text-to-3D (marching tetrahedra): " + vertexCount() + " vertices, "
                    + triangleCount() + " triangles\n");
            for (int v = 0; v < vertexCount(); v++) {
                out.write(String.format(Locale.ROOT, "v %.5f %.5f %.5f %.4f %.4f %.4f%n", positions[v * 3],
                        positions[v * 3 + 1], positions[v * 3 + 2], colours[v * 3], colours[v * 3 + 1],
                        colours[v * 3 + 2]));
            }
            for (int t = 0; t < triangleCount(); t++) {
                out.write("f " + (triangles[t * 3] + 1) + " " + (triangles[t * 3 + 1] + 1) + " "
                        + (triangles[t * 3 + 2] + 1) + "\n");
            }
        }
    }

    /** Collects vertices (one per crossed lattice edge) and triangles. */
    private static final class Builder {
        private final GridGeometry geometry;
        private final float[] values;
        private final float[] colour;
        private final float level;
        private final float[] gridPositions;
        private final Map<Long, Integer> edgeVertex = new HashMap<>();
        private final FloatList positions = new FloatList();
        private final FloatList colours = new FloatList();
        private final IntList triangles = new IntList();

        Builder(GridGeometry geometry, float[] values, float[] colour, float level) {
            this.geometry = geometry;
            this.values = values;
            this.colour = colour;
            this.level = level;
            this.gridPositions = geometry.positions();
        }

        void tetrahedron(int a, int b, int c, int d) {
            int[] corner = {a, b, c, d};
            int inside = 0;
            int mask = 0;
            for (int i = 0; i < 4; i++) {
                if (values[corner[i]] > level) {
                    mask |= 1 << i;
                    inside++;
                }
            }
            if (inside == 0 || inside == 4) {
                return;
            }
            if (inside == 1 || inside == 3) {
                int lone = Integer.numberOfTrailingZeros(inside == 1 ? mask : ~mask & 0xF);
                int[] others = new int[3];
                for (int i = 0, n = 0; i < 4; i++) {
                    if (i != lone) {
                        others[n++] = i;
                    }
                }
                int v0 = vertex(corner[lone], corner[others[0]]);
                int v1 = vertex(corner[lone], corner[others[1]]);
                int v2 = vertex(corner[lone], corner[others[2]]);
                triangle(v0, v1, v2, corner[lone], inside == 1);
                return;
            }
            int[] in = new int[2];
            int[] out = new int[2];
            for (int i = 0, ni = 0, no = 0; i < 4; i++) {
                if ((mask >> i & 1) == 1) {
                    in[ni++] = i;
                } else {
                    out[no++] = i;
                }
            }
            int v0 = vertex(corner[in[0]], corner[out[0]]);
            int v1 = vertex(corner[in[0]], corner[out[1]]);
            int v2 = vertex(corner[in[1]], corner[out[1]]);
            int v3 = vertex(corner[in[1]], corner[out[0]]);
            triangle(v0, v1, v2, corner[in[0]], true);
            triangle(v0, v2, v3, corner[in[0]], true);
        }

        /** Adds a triangle whose normal points away from the reference point if it is inside, towards it if not. */
        private void triangle(int v0, int v1, int v2, int reference, boolean referenceInside) {
            float[] p0 = position(v0);
            float[] p1 = position(v1);
            float[] p2 = position(v2);
            float[] e1 = {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
            float[] e2 = {p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
            float[] normal = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                e1[0] * e2[1] - e1[1] * e2[0]};
            float[] r = gridPoint(reference);
            float towards = normal[0] * (r[0] - p0[0]) + normal[1] * (r[1] - p0[1]) + normal[2] * (r[2] - p0[2]);
            boolean flip = referenceInside ? towards > 0 : towards < 0;
            triangles.add(v0);
            triangles.add(flip ? v2 : v1);
            triangles.add(flip ? v1 : v2);
        }

        private int vertex(int inside, int outside) {
            int low = Math.min(inside, outside);
            int high = Math.max(inside, outside);
            long key = (long) low * geometry.pointCount() + high;
            Integer known = edgeVertex.get(key);
            if (known != null) {
                return known;
            }
            float va = values[low];
            float vb = values[high];
            float t = va == vb ? 0.5f : (level - va) / (vb - va);
            float[] a = gridPoint(low);
            float[] b = gridPoint(high);
            int points = geometry.pointCount();
            for (int axis = 0; axis < 3; axis++) {
                positions.add(a[axis] + t * (b[axis] - a[axis]));
                colours.add(colour[axis * points + low] + t * (colour[axis * points + high] - colour[axis * points + low]));
            }
            int index = positions.size() / 3 - 1;
            edgeVertex.put(key, index);
            return index;
        }

        private float[] position(int vertex) {
            return new float[] {positions.get(vertex * 3), positions.get(vertex * 3 + 1), positions.get(vertex * 3 + 2)};
        }

        private float[] gridPoint(int index) {
            return new float[] {gridPositions[3 * index], gridPositions[3 * index + 1], gridPositions[3 * index + 2]};
        }

        SurfaceMesh mesh() {
            return new SurfaceMesh(positions.toArray(), colours.toArray(), triangles.toArray());
        }
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        float get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
