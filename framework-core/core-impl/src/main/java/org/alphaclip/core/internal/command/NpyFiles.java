package org.alphaclip.core.internal.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.alphaclip.api.tensor.FloatTensor;

/** Writes float32 tensors as NumPy {@code .npy} files (format 1.0), atomically. */
public final class NpyFiles {

    private NpyFiles() {
    }

    /** Writes the tensor; the file appears whole or not at all. */
    public static void write(Path file, FloatTensor tensor) throws IOException {
        long[] shape = tensor.shape();
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        float[] data = tensor.data();
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.US_ASCII));
        buffer.asFloatBuffer().put(data);
        AtomicFiles.write(file, buffer.array());
    }
}
