package org.alphaclip.sdk.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.alphaclip.api.tensor.FloatTensor;

/**
 * NumPy {@code .npy} files of float32 arrays: written in format 1.0 (little-endian, C order) atomically;
 * read from formats 1.0 to 3.0 as float32 ({@code <f4}) or float64 ({@code <f8}, rounded to float).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Writes the tensor; the file appears whole or not at all. */
    public static void write(Path file, FloatTensor tensor) throws IOException {
        AtomicFiles.write(file, bytes(tensor));
    }

    /** Writes equal-length rows as a {@code [rows, columns]} array. */
    public static void write(Path file, float[][] rows) throws IOException {
        if (rows.length == 0) {
            throw new IllegalArgumentException("A matrix needs at least one row");
        }
        int columns = rows[0].length;
        float[] data = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("Matrix rows differ in length: " + columns + " and " + rows[r].length);
            }
            System.arraycopy(rows[r], 0, data, r * columns, columns);
        }
        write(file, new FloatTensor(new long[] {rows.length, columns}, data));
    }

    /** The {@code .npy} bytes of a tensor. */
    public static byte[] bytes(FloatTensor tensor) {
        long[] shape = tensor.shape();
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        float[] data = tensor.data();
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.US_ASCII));
        buffer.asFloatBuffer().put(data);
        return buffer.array();
    }

    /**
     * Reads a float array.
     *
     * @throws IOException when the file is not a C-order little-endian float32/float64 {@code .npy} file; the
     *         message names the file and what is wrong
     */
    public static FloatTensor read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (buffer.remaining() < MAGIC.length + 4 || !Arrays.equals(readMagic(buffer, magic), MAGIC)) {
            throw new IOException(file + " is not a .npy file");
        }
        int major = buffer.get() & 0xFF;
        buffer.get();
        int headerLength = major == 1 ? buffer.getShort() & 0xFFFF : major <= 3 ? buffer.getInt() : -1;
        if (headerLength < 0 || headerLength > buffer.remaining()) {
            throw new IOException(file + " has an unsupported .npy version " + major + " or a cut header");
        }
        byte[] headerBytes = new byte[headerLength];
        buffer.get(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file);
        if ("True".equals(group(FORTRAN, header, file))) {
            throw new IOException(file + " is in Fortran order; only C order is read");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : group(SHAPE, header, file).split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Long.parseLong(part.strip()));
                } catch (NumberFormatException e) {
                    throw new IOException(file + " has a .npy shape that is not a list of sizes: " + header.strip(), e);
                }
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IOException(file + " holds '" + descr + "' values; only float32 (<f4) and float64 (<f8) are read");
        };
        if (count * width != buffer.remaining()) {
            throw new IOException(file + " has " + buffer.remaining() + " data bytes for shape " + Arrays.toString(shape));
        }
        float[] data = new float[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = width == 4 ? buffer.getFloat() : (float) buffer.getDouble();
        }
        return new FloatTensor(shape, data);
    }

    private static byte[] readMagic(ByteBuffer buffer, byte[] magic) {
        buffer.get(magic);
        return magic;
    }

    private static String group(Pattern pattern, String header, Path file) throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(file + " has a .npy header without " + pattern.pattern().split(":")[0] + ": " + header.strip());
        }
        return matcher.group(1);
    }
}
