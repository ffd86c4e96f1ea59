package org.alphaclip.diffusion.internal.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.GraphSignature.TensorSpec;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.IntTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.session.PackageGraph;

/**
 * The denoising UNet of diffusers' ONNX layout: {@code sample [batch, channels, height, width]}, {@code timestep} and
 * {@code encoder_hidden_states [batch, sequence, width]} to the predicted noise {@code out_sample}. The timestep's
 * element type and shape are taken from the session, as diffusers' ONNX pipeline does: float32 (diffusers' own export)
 * or int64 / int32 (Optimum's), one value per batch row, or a single value when the graph declares one.
 */
public final class UNet implements AutoCloseable {

    static final String SAMPLE = "sample";
    static final String TIMESTEP = "timestep";
    static final String CONTEXT = "encoder_hidden_states";
    static final String OUT = "out_sample";

    private final PackageGraph graph;
    private final String timestepType;
    private final boolean singleTimestep;

    private UNet(PackageGraph graph, String timestepType, boolean singleTimestep) {
        this.graph = graph;
        this.timestepType = timestepType;
        this.singleTimestep = singleTimestep;
    }

    /**
     * Opens the UNet graph and reads its timestep input.
     *
     * @throws InvalidModelException naming the file when its inputs, outputs or timestep type do not fit
     */
    public static UNet open(InferenceSessions sessions, Path file) throws InvalidModelException {
        PackageGraph graph = PackageGraph.open(sessions, file, List.of(SAMPLE, TIMESTEP, CONTEXT), List.of(OUT));
        TensorSpec timestep = graph.signature().inputs().get(TIMESTEP);
        String type = timestep.elementType();
        long[] shape = timestep.shape();
        if (!List.of("FLOAT", "INT64", "INT32").contains(type) || shape.length > 1) {
            graph.close();
            throw new InvalidModelException(file + " takes timestep " + timestep + "; this runtime feeds float32, int64 or"
                    + " int32 timesteps of shape [batch] or [1] (a float16 export needs float32 inputs: re-export it in float32)");
        }
        return new UNet(graph, type, shape.length == 1 && shape[0] == 1);
    }

    /** The element type of the graph's timestep input: {@code FLOAT}, {@code INT64} or {@code INT32}. */
    public String timestepType() {
        return timestepType;
    }

    /**
     * The predicted noise for a batch of samples.
     *
     * @param sample {@code [batch, channels, height, width]}
     * @param timesteps one timestep for the whole batch, or one per row
     * @param context {@code [batch, sequence, width]}
     */
    public FloatTensor predict(FloatTensor sample, double[] timesteps, FloatTensor context) throws SessionException {
        int batch = (int) sample.shape()[0];
        if (context.shape()[0] != batch) {
            throw new IllegalArgumentException("encoder_hidden_states " + Arrays.toString(context.shape())
                    + " has another batch than the sample " + Arrays.toString(sample.shape()));
        }
        if (timesteps.length != 1 && (timesteps.length != batch || singleTimestep)) {
            throw new IllegalArgumentException(timesteps.length + " timesteps for a batch of " + batch + (singleTimestep
                    ? " (this graph takes one timestep for the whole batch)" : ""));
        }
        int rows = singleTimestep ? 1 : batch;
        Tensor t = switch (timestepType) {
            case "FLOAT" -> {
                float[] values = new float[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = (float) timesteps[timesteps.length == 1 ? 0 : i];
                }
                yield new FloatTensor(new long[] {rows}, values);
            }
            case "INT64" -> {
                long[] values = new long[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = Math.round(timesteps[timesteps.length == 1 ? 0 : i]);
                }
                yield new LongTensor(new long[] {rows}, values);
            }
            default -> {
                int[] values = new int[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = (int) Math.round(timesteps[timesteps.length == 1 ? 0 : i]);
                }
                yield new IntTensor(new long[] {rows}, values);
            }
        };
        return graph.runFloat(Map.of(SAMPLE, sample, TIMESTEP, t, CONTEXT, context), OUT);
    }

    @Override
    public void close() {
        graph.close();
    }
}
