package org.alphaclip.sdk.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alphaclip.api.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .npy} files: the header NumPy writes, round trips, and clear refusals. */
class NpyTest {

    @TempDir
    Path dir;

    @Test
    void writesTheHeaderNumpyWritesAndReadsItBack() throws IOException {
        Path file = dir.resolve("e.npy");
        Npy.write(file, new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));

        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
        assertEquals(0, (10 + 118) % 64);
        FloatTensor read = Npy.read(file);
        assertArrayEquals(new long[] {2, 3}, read.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, read.data());
    }

    @Test
    void oneDimensionalArraysKeepTheTrailingComma() throws IOException {
        Path file = dir.resolve("v.npy");
        Npy.write(file, new float[][] {{1, 2}, {3, 4}});
        Npy.write(dir.resolve("w.npy"), new FloatTensor(new long[] {4}, new float[] {1, 2, 3, 4}));
        assertTrue(Files.readString(dir.resolve("w.npy"), StandardCharsets.ISO_8859_1).contains("'shape': (4,)"));
        assertArrayEquals(new long[] {4}, Npy.read(dir.resolve("w.npy")).shape());
        assertArrayEquals(new long[] {2, 2}, Npy.read(file).shape());
    }

    @Test
    void float64IsReadAsFloat() throws IOException {
        Path file = dir.resolve("d.npy");
        Files.write(file, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16, b -> b.putDouble(0.25).putDouble(-3)));
        assertArrayEquals(new float[] {0.25f, -3f}, Npy.read(file).data());
    }

    @Test
    void otherFilesAreRefusedNamingTheProblem() throws IOException {
        Path ints = dir.resolve("i.npy");
        Files.write(ints, npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 8, b -> b.putLong(7)));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(ints)).getMessage().contains("'<i8'"));
        Path fortran = dir.resolve("f.npy");
        Files.write(fortran, npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 4, b -> b.putFloat(1)));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(fortran)).getMessage().contains("Fortran order"));
        Path cut = dir.resolve("c.npy");
        Files.write(cut, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 4, b -> b.putFloat(1)));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(cut)).getMessage().contains("data bytes"));
        Path text = dir.resolve("t.npy");
        Files.writeString(text, "hello");
        assertEquals(text + " is not a .npy file", assertThrows(IOException.class, () -> Npy.read(text)).getMessage());
    }

    private interface Body {
        void put(ByteBuffer buffer);
    }

    private static byte[] npy(String dict, int dataBytes, Body body) {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        body.put(buffer);
        return buffer.array();
    }
}
