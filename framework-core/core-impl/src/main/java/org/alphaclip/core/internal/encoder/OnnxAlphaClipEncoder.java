package org.alphaclip.core.internal.encoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionException;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.LongTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.core.internal.image.AlphaMapper;
import org.alphaclip.core.internal.image.ImagePreprocessor;
import org.alphaclip.core.internal.image.PreprocessedImage;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.text.ClipTokenizer;
import org.alphaclip.core.internal.text.TextCleaning;
import org.alphaclip.sdk.image.ForegroundMap;
import org.alphaclip.sdk.image.RegionRasterizer;

/**
 * The encoder of one model package: preprocessing and region rasterisation in Java, the two graphs in
 * shared ONNX Runtime sessions (acquired on first use, released on close), a tokenizer, and a cache of
 * text embeddings. A single-image request goes through the session's dynamic batcher.
 */
public final class OnnxAlphaClipEncoder implements AlphaClipEncoder, AutoCloseable {

    private static final int TEXT_CACHE_SIZE = 4096;

    private final ModelPackage modelPackage;
    private final InferenceSessions sessions;
    private final ImagePreprocessor preprocessor;
    private final AlphaMapper alphaMapper;
    private final Map<String, float[]> textCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > TEXT_CACHE_SIZE;
        }
    };
    private SessionHandle visual;
    private SessionHandle text;
    private ClipTokenizer tokenizer;
    private boolean closed;
    private boolean verified;

    /** An encoder for a verified package; nothing native is created until the first request. */
    public OnnxAlphaClipEncoder(ModelPackage modelPackage, InferenceSessions sessions) {
        this.modelPackage = modelPackage;
        this.sessions = sessions;
        this.preprocessor = new ImagePreprocessor(modelPackage.info().preprocessing());
        this.alphaMapper = new AlphaMapper(modelPackage.info().preprocessing());
    }

    @Override
    public ModelInfo model() {
        return modelPackage.info();
    }

    @Override
    public ImageEncoding encodeImages(List<RegionImage> inputs, EncodeOptions options) throws EncoderException {
        if (inputs.isEmpty()) {
            throw new EncoderException("No images to encode");
        }
        ModelInfo.VisionTower vision = model().vision();
        int[] blocks = resolveLayers(options.hiddenLayers(), vision.layers());
        int side = vision.resolution();
        int plane = side * side;
        float[] pixels = new float[inputs.size() * 3 * plane];
        float[] alphas = new float[inputs.size() * plane];
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            RegionImage input = inputs.get(i);
            String label = inputs.size() == 1 ? "" : "image " + (i + 1) + ": ";
            ForegroundMap foreground;
            try {
                foreground = RegionRasterizer.rasterizeAtSourceSize(input.region(), input.image());
            } catch (IllegalArgumentException e) {
                throw new EncoderException(label + e.getMessage(), e);
            }
            foreground.warnings().forEach(w -> warnings.add(label + w));
            PreprocessedImage image = preprocessor.preprocess(input.image());
            System.arraycopy(image.pixelValues(), 0, pixels, i * 3 * plane, 3 * plane);
            float[] alpha = alphaMapper.alpha(foreground, options.alphaGeometry(), image.geometry());
            System.arraycopy(alpha, 0, alphas, i * plane, plane);
        }
        Set<String> outputs = new HashSet<>();
        outputs.add(ModelPackage.IMAGE_EMBEDDING);
        for (int block : blocks) {
            outputs.add(ModelPackage.hiddenStateOutput(block));
        }
        if (options.clsAttention()) {
            outputs.add(ModelPackage.CLS_ATTENTION);
        }
        Map<String, Tensor> feeds = Map.of(
                "image", new FloatTensor(new long[] {inputs.size(), 3, side, side}, pixels),
                "alpha", new FloatTensor(new long[] {inputs.size(), 1, side, side}, alphas));
        Map<String, Tensor> result = run(visualSession(), feeds, outputs, inputs.size() == 1);

        FloatTensor embeddings = finite((FloatTensor) result.get(ModelPackage.IMAGE_EMBEDDING), "image embedding");
        Map<Integer, FloatTensor> hidden = new LinkedHashMap<>();
        int[] asked = options.hiddenLayers();
        for (int i = 0; i < asked.length; i++) {
            FloatTensor states = (FloatTensor) result.get(ModelPackage.hiddenStateOutput(blocks[i]));
            hidden.put(asked[i], options.includeClassToken() ? states : dropClassToken(states));
        }
        FloatTensor attention = options.clsAttention() ? (FloatTensor) result.get(ModelPackage.CLS_ATTENTION) : null;
        return new ImageEncoding(embeddings, hidden, attention, warnings);
    }

    @Override
    public float[][] encodeTexts(List<String> texts, boolean truncate) throws EncoderException {
        float[][] rows = new float[texts.size()][];
        List<Integer> missing = new ArrayList<>();
        synchronized (textCache) {
            for (int i = 0; i < texts.size(); i++) {
                float[] cached = textCache.get(cacheKey(texts.get(i), truncate));
                if (cached == null) {
                    missing.add(i);
                } else {
                    rows[i] = cached.clone();
                }
            }
        }
        if (missing.isEmpty()) {
            return rows;
        }
        List<String> toEncode = missing.stream().map(texts::get).toList();
        int[][] ids = tokenize(toEncode, truncate);
        int context = model().text().contextLength();
        long[] flat = new long[ids.length * context];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < context; j++) {
                flat[i * context + j] = ids[i][j];
            }
        }
        Map<String, Tensor> result = run(textSession(), Map.of("tokens", new LongTensor(new long[] {ids.length, context}, flat)),
                Set.of(ModelPackage.TEXT_EMBEDDING), false);
        FloatTensor embeddings = finite((FloatTensor) result.get(ModelPackage.TEXT_EMBEDDING), "text embedding");
        synchronized (textCache) {
            for (int k = 0; k < missing.size(); k++) {
                float[] row = embeddings.row(k);
                rows[missing.get(k)] = row;
                textCache.put(cacheKey(toEncode.get(k), truncate), row.clone());
            }
        }
        return rows;
    }

    @Override
    public int[][] tokenize(List<String> texts, boolean truncate) throws EncoderException {
        ClipTokenizer tok = tokenizer();
        int[][] ids = new int[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            try {
                ids[i] = tok.encode(texts.get(i), truncate);
            } catch (IllegalArgumentException e) {
                throw new EncoderException(e.getMessage(), e);
            }
        }
        return ids;
    }

    private static String cacheKey(String text, boolean truncate) {
        return (truncate ? "t:" : "f:") + text;
    }

    private static int[] resolveLayers(int[] layers, int blocks) throws EncoderException {
        int[] resolved = new int[layers.length];
        for (int i = 0; i < layers.length; i++) {
            int layer = layers[i];
            int block = layer < 0 ? blocks + 1 + layer : layer;
            if (layer == 0 || block < 1 || block > blocks) {
                throw new EncoderException("Layer " + layer + " does not exist: the model has " + blocks
                        + " blocks; use 1.." + blocks + " or -" + blocks + "..-1 (-1 = last, -2 = penultimate)");
            }
            resolved[i] = block;
        }
        return resolved;
    }

    private static FloatTensor dropClassToken(FloatTensor states) {
        long[] shape = states.shape();
        int batch = (int) shape[0];
        int tokens = (int) shape[1];
        int width = (int) shape[2];
        float[] data = states.data();
        float[] patches = new float[batch * (tokens - 1) * width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(data, (b * tokens + 1) * width, patches, b * (tokens - 1) * width, (tokens - 1) * width);
        }
        return new FloatTensor(new long[] {batch, tokens - 1, width}, patches);
    }

    private FloatTensor finite(FloatTensor tensor, String what) throws EncoderException {
        for (float value : tensor.data()) {
            if (!Float.isFinite(value)) {
                throw new EncoderException("Model " + model().name() + " produced a non-finite " + what
                        + "; the package's weights may be damaged");
            }
        }
        return tensor;
    }

    private Map<String, Tensor> run(SessionHandle session, Map<String, Tensor> feeds, Set<String> outputs, boolean batchable)
            throws EncoderException {
        try {
            return batchable ? session.runBatched(feeds, outputs) : session.run(feeds, outputs);
        } catch (SessionException e) {
            throw new EncoderException("Model " + model().name() + ": " + e.getMessage(), e);
        }
    }

    private synchronized SessionHandle visualSession() throws EncoderException {
        checkOpenAndVerified();
        if (visual == null) {
            visual = acquire(modelPackage.visualGraph(), ModelPackage.VISUAL_INPUTS, modelPackage.visualOutputs());
        }
        return visual;
    }

    private synchronized SessionHandle textSession() throws EncoderException {
        checkOpenAndVerified();
        if (text == null) {
            text = acquire(modelPackage.textGraph(), ModelPackage.TEXT_INPUTS, List.of(ModelPackage.TEXT_EMBEDDING));
        }
        return text;
    }

    private SessionHandle acquire(java.nio.file.Path graph, List<String> inputs, List<String> outputs) throws EncoderException {
        SessionHandle handle;
        try {
            handle = sessions.acquire(graph, SessionOptions.DEFAULT);
        } catch (SessionException e) {
            throw new EncoderException("Model " + model().name() + ": " + e.getMessage(), e);
        }
        Set<String> actualInputs = handle.signature().inputs().keySet();
        Set<String> actualOutputs = handle.signature().outputs().keySet();
        if (!actualInputs.equals(Set.copyOf(inputs)) || !actualOutputs.containsAll(outputs)) {
            handle.close();
            throw new EncoderException("Model " + model().name() + ": graph " + graph.getFileName() + " has inputs "
                    + actualInputs + " and outputs " + actualOutputs + ", but the manifest declares inputs " + inputs
                    + " and outputs " + outputs);
        }
        return handle;
    }

    private synchronized ClipTokenizer tokenizer() throws EncoderException {
        checkOpenAndVerified();
        if (tokenizer == null) {
            ModelInfo.TokenizerSpec spec = model().tokenizer();
            try {
                tokenizer = ClipTokenizer.open(modelPackage.tokenizerFile(), new ClipTokenizer.Settings(
                        model().text().contextLength(), spec.startToken(), spec.endToken(), TextCleaning.fromName(spec.cleaning())));
            } catch (IOException | IllegalArgumentException e) {
                throw new EncoderException("Model " + model().name() + ": tokenizer " + modelPackage.tokenizerFile().getFileName()
                        + " cannot be used: " + e.getMessage(), e);
            }
        }
        return tokenizer;
    }

    /** Fails after close; on first use checks every file's SHA-256 against the manifest. */
    private void checkOpenAndVerified() throws EncoderException {
        if (closed) {
            throw new EncoderException("The encoder of model " + model().name() + " was closed (its package was unloaded)");
        }
        if (!verified) {
            try {
                ModelPackageReader.read(model().location(), true);
            } catch (InvalidModelException e) {
                throw new EncoderException(e.getMessage(), e);
            }
            verified = true;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (visual != null) {
            visual.close();
        }
        if (text != null) {
            text.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
