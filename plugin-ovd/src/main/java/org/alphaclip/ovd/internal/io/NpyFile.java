package org.alphaclip.ovd.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a float32 matrix as a NumPy {@code .npy} file (format 1.0, little-endian, C order), atomically. */
public final class NpyFile {

    private NpyFile() {
    }

    /** Writes {@code rows} (all of one length) as a {@code [rows, columns]} float32 array. */
    public static void write(Path file, float[][] rows) throws IOException {
        if (rows.length == 0) {
            throw new IllegalArgumentException("A matrix needs at least one row");
        }
        int columns = rows[0].length;
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + columns + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + rows.length * columns * 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : rows) {
            if (row.length != columns) {
                throw new IllegalArgumentException("Matrix rows differ in length: " + columns + " and " + row.length);
            }
            for (float v : row) {
                buffer.putFloat(v);
            }
        }
        AtomicFiles.write(file, buffer.array());
    }
}
