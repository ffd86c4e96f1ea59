package org.alphaclip.pointe.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.alphaclip.pointe.PointCloud;
import org.alphaclip.sdk.io.AtomicFiles;

/**
 * Binary little-endian PLY of a coloured point cloud, byte for byte as point-e's {@code write_ply} writes it: the
 * header ({@code element vertex N}, float x/y/z, uchar red/green/blue), then per point three float32 coordinates and
 * three bytes {@code round(colour * 255.499)}. MeshLab, Blender and Open3D read it.
 */
public final class PlyFiles {

    private PlyFiles() {
    }

    /** The file's bytes. */
    public static byte[] bytes(PointCloud cloud) {
        int n = cloud.size();
        String header = "ply\nformat binary_little_endian 1.0\nelement vertex " + n + "\nproperty float x\n"
                + "property float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\n"
                + "end_header\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(head.length + n * 15).order(ByteOrder.LITTLE_ENDIAN);
        out.put(head);
        float[] xyz = cloud.coordinates();
        float[] rgb = cloud.colours();
        for (int p = 0; p < n; p++) {
            out.putFloat(xyz[3 * p]).putFloat(xyz[3 * p + 1]).putFloat(xyz[3 * p + 2]);
            for (int c = 0; c < 3; c++) {
                out.put((byte) Math.rint(rgb[3 * p + c] * 255.499f));
            }
        }
        return out.array();
    }

    /** Writes the file whole or not at all ({@link AtomicFiles}). */
    public static void write(PointCloud cloud, Path file) throws IOException {
        AtomicFiles.write(file, bytes(cloud));
    }
}
