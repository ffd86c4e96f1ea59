package org.alphaclip.core.internal.session;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.IntTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;

/**
 * Conversions between API tensors and ONNX Runtime tensors, and the stacking along axis 0 and splitting
 * that dynamic batching needs.
 *
 * <pre>{@code
 * try (OnnxTensor onnx = Tensors.toOnnx(env, image)) { ... }
 * Tensor batch = Tensors.stack(List.of(a, b));         // [1,3,224,224] x 2 -> [2,3,224,224]
 * List<Tensor> rows = Tensors.split("y", batch, 2);     // back to [1,...] each
 * }</pre>
 */
final class Tensors {

    private static final String ONNX_TYPE_PREFIX = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";

    private Tensors() {
    }

    /** The ONNX element type name a tensor carries: {@code FLOAT}, {@code INT64} or {@code INT32}. */
    static String elementType(Tensor tensor) {
        if (tensor instanceof FloatTensor) {
            return "FLOAT";
        }
        return tensor instanceof LongTensor ? "INT64" : "INT32";
    }

    /** The ONNX element type name of a graph value, e.g. {@code FLOAT}. */
    static String elementType(TensorInfo info) {
        return info.onnxType.name().substring(ONNX_TYPE_PREFIX.length());
    }

    /** A new ONNX Runtime tensor holding a copy of the data; the caller closes it. */
    static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor) throws OrtException {
        if (tensor instanceof FloatTensor f) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(f.data()), f.shape());
        }
        if (tensor instanceof LongTensor l) {
            return OnnxTensor.createTensor(env, LongBuffer.wrap(l.data()), l.shape());
        }
        IntTensor i = (IntTensor) tensor;
        return OnnxTensor.createTensor(env, IntBuffer.wrap(i.data()), i.shape());
    }

    /** Copies an ONNX Runtime output into an API tensor. */
    static Tensor fromOnnx(String name, OnnxValue value) throws SessionException {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new SessionException(Reason.INFERENCE_FAILED,
                    "Output '" + name + "' is a " + value.getType() + ", not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        switch (elementType(info)) {
            case "FLOAT": {
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                return new FloatTensor(shape, data);
            }
            case "INT64": {
                LongBuffer buffer = tensor.getLongBuffer();
                long[] data = new long[buffer.remaining()];
                buffer.get(data);
                return new LongTensor(shape, data);
            }
            case "INT32": {
                IntBuffer buffer = tensor.getIntBuffer();
                int[] data = new int[buffer.remaining()];
                buffer.get(data);
                return new IntTensor(shape, data);
            }
            default:
                throw new SessionException(Reason.INFERENCE_FAILED, "Output '" + name + "' has element type "
                        + elementType(info) + "; the Tensor API carries FLOAT, INT64 and INT32");
        }
    }

    /** Concatenates tensors of one type and shape {@code [1, ...]} into one of shape {@code [n, ...]}. */
    static Tensor stack(List<? extends Tensor> items) {
        Tensor first = items.get(0);
        long[] shape = first.shape();
        shape[0] = items.size();
        int rowLength = (int) Tensor.elementCount(first.shape());
        if (first instanceof FloatTensor) {
            float[] data = new float[rowLength * items.size()];
            for (int i = 0; i < items.size(); i++) {
                System.arraycopy(((FloatTensor) items.get(i)).data(), 0, data, i * rowLength, rowLength);
            }
            return new FloatTensor(shape, data);
        }
        if (first instanceof LongTensor) {
            long[] data = new long[rowLength * items.size()];
            for (int i = 0; i < items.size(); i++) {
                System.arraycopy(((LongTensor) items.get(i)).data(), 0, data, i * rowLength, rowLength);
            }
            return new LongTensor(shape, data);
        }
        int[] data = new int[rowLength * items.size()];
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(((IntTensor) items.get(i)).data(), 0, data, i * rowLength, rowLength);
        }
        return new IntTensor(shape, data);
    }

    /** Splits a tensor of shape {@code [n, ...]} into {@code n} tensors of shape {@code [1, ...]}. */
    static List<Tensor> split(String name, Tensor tensor, int n) throws SessionException {
        long[] shape = tensor.shape();
        if (shape.length == 0 || shape[0] != n) {
            throw new SessionException(Reason.INFERENCE_FAILED, "Output '" + name + "' has shape "
                    + Arrays.toString(shape) + ", which does not split into the batch of " + n);
        }
        shape[0] = 1;
        List<Tensor> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (tensor instanceof FloatTensor f) {
                rows.add(new FloatTensor(shape, f.row(i)));
            } else if (tensor instanceof LongTensor l) {
                rows.add(new LongTensor(shape, l.row(i)));
            } else {
                rows.add(new IntTensor(shape, ((IntTensor) tensor).row(i)));
            }
        }
        return rows;
    }
}
