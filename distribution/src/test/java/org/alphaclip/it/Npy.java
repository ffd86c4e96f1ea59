package org.alphaclip.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads float32 {@code .npy} files as written by {@code alphaclip:encode}, for checks. */
public record Npy(long[] shape, float[] data) {

    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([^)]*)\\)");

    /** Reads a little-endian float32 C-order .npy file. */
    public static Npy read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.get() != (byte) 0x93) {
            throw new IOException(file + " is not an .npy file");
        }
        bytes.position(8);
        int headerLength = bytes.getShort() & 0xFFFF;
        byte[] header = new byte[headerLength];
        bytes.get(header);
        String text = new String(header, StandardCharsets.US_ASCII);
        if (!text.contains("'descr': '<f4'") || !text.contains("'fortran_order': False")) {
            throw new IOException("unexpected header " + text);
        }
        Matcher m = SHAPE.matcher(text);
        if (!m.find()) {
            throw new IOException("no shape in " + text);
        }
        long[] shape = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        float[] data = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(data);
        return new Npy(shape, data);
    }
}
