package org.alphaclip.api.session;

import java.util.Map;

/**
 * The named inputs and outputs of a graph.
 *
 * @param inputs input name to its description
 * @param outputs output name to its description
 */
public record GraphSignature(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {

    /** Copies the maps. */
    public GraphSignature {
        inputs = Map.copyOf(inputs);
        outputs = Map.copyOf(outputs);
    }

    /**
     * One graph input or output.
     *
     * @param elementType e.g. {@code FLOAT}, {@code INT64}
     * @param shape dimensions, -1 where dynamic
     */
    public record TensorSpec(String elementType, long[] shape) {
        /** Copies the shape. */
        public TensorSpec {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return elementType + java.util.Arrays.toString(shape);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TensorSpec t && elementType.equals(t.elementType)
                    && java.util.Arrays.equals(shape, t.shape);
        }

        @Override
        public int hashCode() {
            return elementType.hashCode() * 31 + java.util.Arrays.hashCode(shape);
        }
    }
}
