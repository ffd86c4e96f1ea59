package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.IntTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorsTest {

    @Test
    void stackAndSplitAreInverse() throws SessionException {
        LongTensor a = new LongTensor(new long[] { 1, 2, 2 }, new long[] { 1, 2, 3, 4 });
        LongTensor b = new LongTensor(new long[] { 1, 2, 2 }, new long[] { 5, 6, 7, 8 });

        Tensor stacked = Tensors.stack(List.of(a, b));

        assertEquals(new LongTensor(new long[] { 2, 2, 2 }, new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }), stacked);
        assertEquals(List.of(a, b), Tensors.split("y", stacked, 2));
    }

    @Test
    void splitRefusesAnOutputWithoutTheBatchAxis() {
        IntTensor scalarPerBatch = new IntTensor(new long[] { 3 }, new int[] { 1, 2, 3 });
        SessionException e = assertThrows(SessionException.class, () -> Tensors.split("count", scalarPerBatch, 2));
        assertEquals("Output 'count' has shape [3], which does not split into the batch of 2", e.getMessage());
        assertArrayEquals(new long[] { 3 }, scalarPerBatch.shape());
    }
}
