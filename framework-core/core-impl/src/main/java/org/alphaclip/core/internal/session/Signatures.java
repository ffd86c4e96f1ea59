package org.alphaclip.core.internal.session;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.alphaclip.api.session.GraphSignature;
import org.alphaclip.api.session.GraphSignature.TensorSpec;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionException.Reason;
import org.alphaclip.api.tensor.Tensor;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * Reads a session's {@link GraphSignature} and checks requests against it before they reach ONNX
 * Runtime, with messages that say what was expected.
 *
 * <pre>{@code
 * GraphSignature signature = Signatures.read(session);
 * Signatures.check(signature, inputs, Set.of("image_embedding"));   // throws INVALID_INPUT
 * }</pre>
 */
final class Signatures {

    private Signatures() {
    }

    /** The inputs and outputs of a loaded session; non-tensor values get their kind as type and no shape. */
    static GraphSignature read(OrtSession session) throws OrtException {
        return new GraphSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> nodes) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        nodes.forEach((name, node) -> specs.put(name, node.getInfo() instanceof TensorInfo info
                ? new TensorSpec(Tensors.elementType(info), info.getShape())
                : new TensorSpec(node.getInfo().getClass().getSimpleName().replace("Info", "").toUpperCase(),
                        new long[0])));
        return specs;
    }

    /**
     * Checks input names, element types, ranks and fixed dimensions, and output names.
     *
     * @throws SessionException {@link Reason#INVALID_INPUT} naming the first mismatch
     */
    static void check(GraphSignature signature, Map<String, ? extends Tensor> inputs, Set<String> outputs)
            throws SessionException {
        Set<String> expectedInputs = new TreeSet<>(signature.inputs().keySet());
        for (Map.Entry<String, ? extends Tensor> input : inputs.entrySet()) {
            TensorSpec spec = signature.inputs().get(input.getKey());
            if (spec == null) {
                throw invalid("Unknown input '" + input.getKey() + "', expected one of " + expectedInputs);
            }
            checkInput(input.getKey(), input.getValue(), spec);
        }
        for (String name : expectedInputs) {
            if (!inputs.containsKey(name)) {
                throw invalid("Missing input '" + name + "'; the graph needs " + expectedInputs);
            }
        }
        Set<String> expectedOutputs = new TreeSet<>(signature.outputs().keySet());
        if (outputs.isEmpty()) {
            throw invalid("No outputs requested; ask for some of " + expectedOutputs);
        }
        for (String name : outputs) {
            if (!expectedOutputs.contains(name)) {
                throw invalid("Unknown output '" + name + "', expected one of " + expectedOutputs);
            }
        }
    }

    private static void checkInput(String name, Tensor tensor, TensorSpec spec) throws SessionException {
        String type = Tensors.elementType(tensor);
        if (!type.equals(spec.elementType())) {
            throw invalid("Input '" + name + "' has element type " + type + ", expected " + spec.elementType());
        }
        long[] shape = tensor.shape();
        long[] expected = spec.shape();
        if (shape.length != expected.length) {
            throw invalid("Input '" + name + "' has rank " + shape.length + " (shape " + Arrays.toString(shape)
                    + "), expected rank " + expected.length + " " + Arrays.toString(expected));
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (expected[axis] >= 0 && shape[axis] != expected[axis]) {
                throw invalid("Input '" + name + "' has shape " + Arrays.toString(shape) + ", expected "
                        + Arrays.toString(expected) + " (-1 = any)");
            }
        }
    }

    /**
     * Checks that every input has batch size 1, as dynamic batching requires.
     *
     * @throws SessionException {@link Reason#INVALID_INPUT} naming the first input that does not
     */
    static void checkSingle(Map<String, ? extends Tensor> inputs) throws SessionException {
        for (Map.Entry<String, ? extends Tensor> input : inputs.entrySet()) {
            long[] shape = input.getValue().shape();
            if (shape.length == 0 || shape[0] != 1) {
                throw invalid("runBatched takes batch size 1, but input '" + input.getKey() + "' has shape "
                        + Arrays.toString(shape) + "; use run for whole batches");
            }
        }
    }

    /** The common size of axis 0 of the inputs, or 1 where they have none in common. */
    static int batchSize(Map<String, ? extends Tensor> inputs) {
        long size = -1;
        for (Tensor tensor : inputs.values()) {
            long[] shape = tensor.shape();
            if (shape.length == 0 || (size >= 0 && shape[0] != size)) {
                return 1;
            }
            size = shape[0];
        }
        return size < 0 ? 1 : (int) size;
    }

    private static SessionException invalid(String message) {
        return new SessionException(Reason.INVALID_INPUT, message);
    }
}
