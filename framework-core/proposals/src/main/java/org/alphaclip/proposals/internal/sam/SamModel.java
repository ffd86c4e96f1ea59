package org.alphaclip.proposals.internal.sam;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.session.GraphSignature;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.sdk.io.FileDigests;

/**
 * A SAM package's two graphs loaded through the shared inference sessions: the image encoder
 * ({@code input_image [1,3,S,S]} to {@code image_embeddings}) and segment-anything's ONNX decoder
 * ({@code SamOnnxModel} with all four masks). Opening checks each graph's SHA-256 against the manifest
 * and its inputs and outputs against the contract. Closing releases both session handles.
 *
 * <pre>{@code
 * try (SamModel sam = SamModel.open(samPackage, sessions)) {
 *     SamModel.Embedding e = sam.embed(image);
 *     SamModel.Masks masks = sam.decode(e, SamPrompt.point(40, 30), false);
 * }
 * }</pre>
 */
final class SamModel implements AutoCloseable {

    static final String ENCODER_INPUT = "input_image";
    static final String EMBEDDINGS = "image_embeddings";
    static final String POINT_COORDS = "point_coords";
    static final String POINT_LABELS = "point_labels";
    static final String MASK_INPUT = "mask_input";
    static final String HAS_MASK_INPUT = "has_mask_input";
    static final String ORIG_IM_SIZE = "orig_im_size";
    static final String MASKS = "masks";
    static final String IOU_PREDICTIONS = "iou_predictions";
    static final String LOW_RES_MASKS = "low_res_masks";

    private static final Set<String> DECODER_INPUTS = Set.of(EMBEDDINGS, POINT_COORDS, POINT_LABELS, MASK_INPUT,
            HAS_MASK_INPUT, ORIG_IM_SIZE);
    private static final Set<String> DECODER_OUTPUTS = Set.of(MASKS, IOU_PREDICTIONS, LOW_RES_MASKS);

    private final SamPackage samPackage;
    private final SamPreprocessor preprocessor;
    private final SessionHandle encoder;
    private final SessionHandle decoder;
    private final long[] maskInputShape;
    private volatile boolean closed;

    /**
     * An image's embedding with the geometry it was made with.
     *
     * @param embedding {@code [1, C, h, w]}
     * @param geometry the original and resized sizes
     */
    record Embedding(FloatTensor embedding, SamGeometry geometry) {
    }

    /**
     * The decoder's outputs for one prompt.
     *
     * @param count masks (4: index 0 the single-mask output, 1..3 the multimask outputs)
     * @param height rows of each mask (the original image's)
     * @param width columns of each mask
     * @param logits {@code [count, height, width]} upscaled mask logits
     * @param iou {@code [count]} predicted IoUs
     * @param lowRes {@code [count, 256, 256]} low-resolution logits, or {@code null} when not asked for
     */
    record Masks(int count, int height, int width, float[] logits, float[] iou, float[] lowRes) {
    }

    private SamModel(SamPackage samPackage, SessionHandle encoder, SessionHandle decoder, long[] maskInputShape) {
        this.samPackage = samPackage;
        this.preprocessor = samPackage.preprocessor();
        this.encoder = encoder;
        this.decoder = decoder;
        this.maskInputShape = maskInputShape;
    }

    /**
     * Loads both graphs and checks them.
     *
     * @throws InvalidModelException when a graph's SHA-256 differs from the manifest, it is not a valid
     *         graph, or its inputs and outputs are not the SAM contract's
     */
    static SamModel open(SamPackage samPackage, InferenceSessions sessions) throws InvalidModelException {
        for (SamPackage.Graph data : samPackage.dataFiles()) {
            String actual;
            try {
                actual = FileDigests.sha256(data.file());
            } catch (IOException e) {
                throw new InvalidModelException("SAM package " + samPackage.folder() + ": cannot read " + data.file().getFileName()
                        + ": " + e.getMessage(), e);
            }
            if (!actual.equals(data.sha256())) {
                throw new InvalidModelException("SAM package " + samPackage.folder() + " is damaged: " + data.file().getFileName()
                        + " has SHA-256 " + actual + ", the manifest says " + data.sha256());
            }
        }
        SessionHandle encoder = acquire(samPackage, samPackage.encoder(), sessions);
        SessionHandle decoder = null;
        try {
            decoder = acquire(samPackage, samPackage.decoder(), sessions);
            GraphSignature e = encoder.signature();
            if (!e.inputs().keySet().equals(Set.of(ENCODER_INPUT)) || !e.outputs().containsKey(EMBEDDINGS)) {
                throw new InvalidModelException("SAM package " + samPackage.folder() + ": the encoder takes " + e.inputs().keySet()
                        + " and gives " + e.outputs().keySet() + "; expected " + ENCODER_INPUT + " -> " + EMBEDDINGS);
            }
            GraphSignature d = decoder.signature();
            if (!d.inputs().keySet().equals(DECODER_INPUTS) || !d.outputs().keySet().containsAll(DECODER_OUTPUTS)) {
                throw new InvalidModelException("SAM package " + samPackage.folder() + ": the decoder takes " + d.inputs().keySet()
                        + " and gives " + d.outputs().keySet() + "; expected segment-anything's ONNX decoder with inputs "
                        + DECODER_INPUTS + " and outputs " + DECODER_OUTPUTS);
            }
            long[] iouShape = d.outputs().get(IOU_PREDICTIONS).shape();
            if (iouShape.length != 2 || iouShape[1] != 4) {
                throw new InvalidModelException("SAM package " + samPackage.folder() + ": the decoder gives "
                        + Arrays.toString(iouShape) + " IoU predictions; expected [1, 4] (export without "
                        + "--return-single-mask, so that the single-mask and the three multimask outputs are all there)");
            }
            long[] maskShape = d.inputs().get(MASK_INPUT).shape();
            if (maskShape.length != 4 || maskShape[2] < 1 || maskShape[3] < 1) {
                throw new InvalidModelException("SAM package " + samPackage.folder() + ": the decoder's mask_input must be "
                        + "[1, 1, h, w] with fixed h and w");
            }
            return new SamModel(samPackage, encoder, decoder, maskShape);
        } catch (InvalidModelException | RuntimeException ex) {
            encoder.close();
            if (decoder != null) {
                decoder.close();
            }
            throw ex;
        }
    }

    private static SessionHandle acquire(SamPackage samPackage, SamPackage.Graph graph, InferenceSessions sessions)
            throws InvalidModelException {
        SessionHandle handle;
        try {
            handle = sessions.acquire(graph.file(), SessionOptions.DEFAULT);
        } catch (SessionException e) {
            throw new InvalidModelException("SAM package " + samPackage.folder() + ": " + graph.file().getFileName()
                    + " cannot be loaded: " + e.getMessage(), e);
        }
        String actual = handle.modelSha256();
        if (!actual.equalsIgnoreCase(graph.sha256())) {
            handle.close();
            throw new InvalidModelException("SAM package " + samPackage.folder() + " is damaged: " + graph.file().getFileName()
                    + " has SHA-256 " + actual + ", the manifest says " + graph.sha256());
        }
        return handle;
    }

    /** The package this model was loaded from. */
    SamPackage samPackage() {
        return samPackage;
    }

    /** The preprocessing of the package. */
    SamPreprocessor preprocessor() {
        return preprocessor;
    }

    /** Runs the image encoder on an image. */
    Embedding embed(RgbImage image) throws SessionException {
        checkOpen();
        FloatTensor input = preprocessor.tensor(image);
        Map<String, Tensor> out = encoder.run(Map.of(ENCODER_INPUT, input), Set.of(EMBEDDINGS));
        return new Embedding((FloatTensor) out.get(EMBEDDINGS), preprocessor.geometry(image));
    }

    /**
     * Runs the decoder for one prompt.
     *
     * @param lowRes whether to return the low-resolution logits too
     */
    Masks decode(Embedding embedding, SamPrompt prompt, boolean lowRes) throws SessionException {
        SamGeometry g = embedding.geometry();
        return decode(embedding, prompt.coordinates(g), prompt.decoderLabels(), prompt.maskInput(), lowRes);
    }

    /**
     * Runs the decoder on raw inputs: {@code point_coords} already in the resized frame.
     *
     * @param coordinates {@code [rows * 2]} float32 coordinates in the resized frame
     * @param labels {@code [rows]} labels (1, 0, 2, 3 or -1)
     * @param maskInput low-resolution logits to refine, or {@code null}
     */
    Masks decode(Embedding embedding, float[] coordinates, float[] labels, float[] maskInput, boolean lowRes)
            throws SessionException {
        checkOpen();
        SamGeometry g = embedding.geometry();
        int rows = labels.length;
        int maskPlane = (int) (maskInputShape[2] * maskInputShape[3]);
        if (maskInput != null && maskInput.length != maskPlane) {
            throw new IllegalArgumentException("mask_input needs " + maskPlane + " values, got " + maskInput.length);
        }
        Map<String, Tensor> inputs = new HashMap<>();
        inputs.put(EMBEDDINGS, embedding.embedding());
        inputs.put(POINT_COORDS, new FloatTensor(new long[] {1, rows, 2}, coordinates));
        inputs.put(POINT_LABELS, new FloatTensor(new long[] {1, rows}, labels));
        inputs.put(MASK_INPUT, new FloatTensor(new long[] {1, 1, maskInputShape[2], maskInputShape[3]},
                maskInput != null ? maskInput : new float[maskPlane]));
        inputs.put(HAS_MASK_INPUT, new FloatTensor(new long[] {1}, new float[] {maskInput != null ? 1f : 0f}));
        inputs.put(ORIG_IM_SIZE, new FloatTensor(new long[] {2}, new float[] {g.height(), g.width()}));
        Set<String> wanted = lowRes ? DECODER_OUTPUTS : Set.of(MASKS, IOU_PREDICTIONS);
        Map<String, Tensor> out = decoder.run(inputs, wanted);
        FloatTensor masks = (FloatTensor) out.get(MASKS);
        FloatTensor iou = (FloatTensor) out.get(IOU_PREDICTIONS);
        long[] shape = masks.shape();
        if (shape.length != 4 || shape[2] != g.height() || shape[3] != g.width() || iou.data().length != shape[1]) {
            throw new SessionException(SessionException.Reason.INFERENCE_FAILED, "The SAM decoder of "
                    + samPackage.folder() + " returned masks " + Arrays.toString(shape) + " for a " + g.width() + "x"
                    + g.height() + " image");
        }
        float[] low = lowRes ? ((FloatTensor) out.get(LOW_RES_MASKS)).data() : null;
        return new Masks((int) shape[1], g.height(), g.width(), masks.data(), iou.data(), low);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The SAM model of " + samPackage.folder() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            encoder.close();
            decoder.close();
        }
    }
}
