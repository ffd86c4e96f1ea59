package org.alphaclip.sdk.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes small ONNX graphs for tests and benchmarks (a MatMul gives ONNX Runtime's own matrix-multiply rate, the
 * floor benchmarks compare models with) without the ONNX tooling: a {@code ModelProto}
 * (IR version 8, opset 17) encoded by hand with a minimal protobuf writer.
 *
 * <pre>{@code
 * OnnxGraphs.writeMatMul(file, 2048, 2048, 42);        // y[batch,2048] = x[batch,2048] · w
 * float[] w = OnnxGraphs.matMulWeights(2048, 2048, 42); // the weights, row-major [in, out]
 * }</pre>
 */
public final class OnnxGraphs {

    private static final int FLOAT = 1;

    private OnnxGraphs() {
    }

    /**
     * Writes the graph {@code y = MatMul(x, w)}: input {@code x} float {@code [batch, inputs]}, weights
     * {@code w} float {@code [inputs, outputs]} stored as an initializer, output {@code y} float
     * {@code [batch, outputs]}, batch dynamic.
     */
    public static void writeMatMul(Path file, int inputs, int outputs, long seed) throws IOException {
        float[] weights = matMulWeights(inputs, outputs, seed);
        ByteBuffer raw = ByteBuffer.allocate(weights.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(weights);
        Proto initializer = new Proto().varint(1, inputs).varint(1, outputs).varint(2, FLOAT).string(8, "w")
                .bytes(9, raw.array());
        Proto node = new Proto().string(1, "x").string(1, "w").string(2, "y").string(3, "matmul")
                .string(4, "MatMul");
        Proto graph = new Proto().message(1, node).string(2, "matmul_" + inputs + "x" + outputs)
                .message(5, initializer).message(11, floatMatrix("x", inputs)).message(12, floatMatrix("y", outputs));
        Proto opset = new Proto().string(1, "").varint(2, 17);
        Proto model = new Proto().varint(1, 8).string(2, "alphaclip-onnx-graphs").message(7, graph).message(8, opset);
        Files.write(file, model.toByteArray());
    }

    /** The weights {@link #writeMatMul} stores, row-major {@code [inputs, outputs]}. */
    public static float[] matMulWeights(int inputs, int outputs, long seed) {
        Random random = new Random(seed);
        float scale = (float) (1 / Math.sqrt(inputs));
        float[] weights = new float[inputs * outputs];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian() * scale;
        }
        return weights;
    }

    /** A ValueInfoProto for a float tensor {@code [batch, columns]}. */
    private static Proto floatMatrix(String name, int columns) {
        Proto shape = new Proto().message(1, new Proto().string(2, "batch")).message(1, new Proto().varint(1, columns));
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** Protobuf fields in wire format: varints (wire type 0) and length-delimited values (wire type 2). */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.toByteArray());
        }

        Proto bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
