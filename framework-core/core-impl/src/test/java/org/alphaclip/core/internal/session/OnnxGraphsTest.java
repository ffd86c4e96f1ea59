package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.session.GraphSignature.TensorSpec;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.sdk.session.OnnxGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxGraphsTest {

    @TempDir
    Path dir;

    @Test
    void theMatMulGraphLoadsAndMultiplies() throws Exception {
        Path model = dir.resolve("matmul.onnx");
        OnnxGraphs.writeMatMul(model, 16, 8, 7);
        float[] w = OnnxGraphs.matMulWeights(16, 8, 7);
        FloatTensor x = new FloatTensor(new long[] { 3, 16 }, TestSupport.row(48, 1).data());

        try (SessionRegistry registry = new SessionRegistry(TestSupport.settings().build());
                SessionHandle handle = registry.owner("test").acquire(model, SessionOptions.DEFAULT)) {
            assertEquals(new TensorSpec("FLOAT", new long[] { -1, 16 }), handle.signature().inputs().get("x"));
            assertEquals(new TensorSpec("FLOAT", new long[] { -1, 8 }), handle.signature().outputs().get("y"));

            FloatTensor y = (FloatTensor) handle.run(Map.of("x", x), Set.of("y")).get("y");

            assertArrayEquals(new long[] { 3, 8 }, y.shape());
            float[] expected = new float[3 * 8];
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 8; col++) {
                    for (int k = 0; k < 16; k++) {
                        expected[row * 8 + col] += x.data()[row * 16 + k] * w[k * 8 + col];
                    }
                }
            }
            assertTrue(TestSupport.maxAbsDiff(expected, y.data()) <= 1e-5f);
        }
    }
}
