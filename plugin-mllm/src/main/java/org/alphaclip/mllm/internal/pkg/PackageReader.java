package org.alphaclip.mllm.internal.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.mllm.ImageFeatures;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.internal.graph.CacheLayout;
import org.alphaclip.mllm.internal.llama.DecoderShape;
import org.alphaclip.mllm.internal.text.ConversationTemplate;
import org.alphaclip.mllm.internal.text.SpecialTokens;
import org.alphaclip.sdk.io.PackageManifests;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * Reads and verifies a multimodal package folder with the rules of the encoder packages: {@code manifest.json} of
 * format {@value #FORMAT} version 1 and family {@value #LLAVA} or {@value #BLIP2}, every file it lists inside the
 * folder with the listed SHA-256 (graphs' external data files included), the family's graphs and the tokenizer among
 * them. Each problem is one sentence naming the package and the file or field.
 */
public final class PackageReader {

    /** The manifest's {@code format}. */
    public static final String FORMAT = "alphaclip-mllm-package";
    /** The manifest file name, as in encoder packages. */
    public static final String MANIFEST = "manifest.json";

    /** {@code architecture.family} of LLaVA packages. */
    public static final String LLAVA = "llava";
    /** {@code architecture.family} of BLIP-2 packages. */
    public static final String BLIP2 = "blip2";
    /**
     * The prompt length, projected queries included, and the number of new tokens a BLIP-2 package allows: T5's
     * relative positions set no limit of their own, so this is T5's pre-training input length (its tokenizer's
     * {@code model_max_length}).
     */
    public static final int BLIP2_CONTEXT = 512;

    private static final String ENCODER_FORMAT = "alphaclip-model-package";
    private static final Gson GSON = new Gson();

    private PackageReader() {
    }

    /**
     * Reads a package folder and verifies every file's SHA-256.
     *
     * @throws InvalidModelException naming the folder and the file or field that is missing or wrong
     */
    public static MultimodalPackage read(Path folder) throws InvalidModelException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException("Multimodal package " + dir + " does not exist or is not a folder");
        }
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidModelException("Multimodal package " + dir + " has no " + MANIFEST
                    + "; a package is a folder written by tools/export/export_llava.py or export_blip2.py");
        }
        return new Checked(dir, parse(manifestFile)).toPackage();
    }

    private static Manifest parse(Path manifestFile) throws InvalidModelException {
        JsonObject root = PackageManifests.read(manifestFile, "Multimodal package manifest");
        try {
            return GSON.fromJson(root, Manifest.class);
        } catch (JsonParseException e) {
            throw new InvalidModelException("Multimodal package manifest " + manifestFile + " does not fit the format: "
                    + e.getMessage(), e);
        }
    }

    /** One manifest being checked, with messages naming the package. */
    private record Checked(Path dir, Manifest m) {

        MultimodalPackage toPackage() throws InvalidModelException {
            if (ENCODER_FORMAT.equals(m.format())) {
                throw invalid("it is an Alpha-CLIP encoder package (format '" + ENCODER_FORMAT + "'), not a multimodal one");
            }
            if (!FORMAT.equals(m.format())) {
                throw invalid("format is '" + m.format() + "', expected '" + FORMAT + "'");
            }
            if (required(m.formatVersion(), "formatVersion") != 1) {
                throw invalid("formatVersion " + m.formatVersion() + " is not supported; this version reads formatVersion 1");
            }
            Manifest.Architecture architecture = required(m.architecture(), "architecture");
            String family = required(architecture.family(), "architecture.family");
            if (!LLAVA.equals(family) && !BLIP2.equals(family)) {
                throw invalid("architecture.family '" + family + "' is not supported; supported: " + LLAVA + ", " + BLIP2);
            }
            Manifest.LanguageModel lm = required(architecture.languageModel(), "architecture.languageModel");
            int vocabSize = positive(lm.vocabSize(), "languageModel.vocabSize");
            Manifest.Tokenizer t = required(m.tokenizer(), "tokenizer");
            List<Integer> eos = required(t.eosIds(), "tokenizer.eosIds");
            if (eos.isEmpty()) {
                throw invalid("tokenizer.eosIds is empty");
            }
            for (Integer id : eos) {
                token(id, "tokenizer.eosIds", vocabSize);
            }
            Map<String, String> files = required(m.files(), "files");
            for (Map.Entry<String, String> file : files.entrySet()) {
                verified(file.getKey(), file.getValue());
            }
            Path tokenizer = listed(required(t.file(), "tokenizer.file"), files);
            Map<String, Manifest.Graph> graphs = required(m.graphs(), "graphs");
            Manifest.Encoder encoder = required(m.encoder(), "encoder");
            return LLAVA.equals(family) ? llava(architecture.projector(), lm, encoder, t, eos, graphs, files, tokenizer)
                    : blip2(architecture.qformer(), lm, encoder, eos, graphs, files, tokenizer);
        }

        private LlavaPackage llava(Manifest.Projector projector, Manifest.LanguageModel lm, Manifest.Encoder encoder,
                Manifest.Tokenizer t, List<Integer> eos, Map<String, Manifest.Graph> graphs, Map<String, String> files,
                Path tokenizer) throws InvalidModelException {
            DecoderShape shape = new DecoderShape(lm.vocabSize(), positive(lm.hiddenSize(), "languageModel.hiddenSize"),
                    positive(lm.layers(), "languageModel.layers"), positive(lm.kvHeads(), "languageModel.kvHeads"),
                    positive(lm.headDim(), "languageModel.headDim"),
                    positive(lm.contextLength(), "languageModel.contextLength"));
            required(projector, "architecture.projector");
            ImageFeatures features = features(encoder, required(encoder.imageAspectRatio(), "encoder.imageAspectRatio"));
            if (features.width() != positive(projector.inputWidth(), "projector.inputWidth")
                    || shape.hiddenSize() != positive(projector.width(), "projector.width")) {
                throw invalid("architecture.projector maps " + projector.inputWidth() + " to " + projector.width()
                        + ", but the encoder tokens are " + features.width() + " wide and the language model "
                        + shape.hiddenSize());
            }
            if (shape.contextLength() <= features.tokens() + 1) {
                throw invalid("languageModel.contextLength " + shape.contextLength() + " leaves no room beside the "
                        + features.tokens() + " image tokens");
            }

            Manifest.Conversation c = required(m.conversation(), "conversation");
            List<String> roles = required(c.roles(), "conversation.roles");
            if (roles.size() != 2) {
                throw invalid("conversation.roles must name the user and the assistant, got " + roles);
            }
            String imageToken = required(c.imageToken(), "conversation.imageToken");
            if (imageToken.isEmpty()) {
                throw invalid("conversation.imageToken is empty");
            }
            ConversationTemplate conversation = new ConversationTemplate(required(c.system(), "conversation.system"),
                    roles.get(0), roles.get(1), required(c.separator(), "conversation.separator"),
                    required(c.turnSeparator(), "conversation.turnSeparator"), imageToken);
            SpecialTokens special = new SpecialTokens(token(t.bosId(), "tokenizer.bosId", shape.vocabSize()),
                    eos.stream().mapToInt(id -> id).toArray(), required(t.addBos(), "tokenizer.addBos"));
            MultimodalPackageInfo info = info(LLAVA, features, shape.contextLength(), shape.vocabSize());
            return new LlavaPackage(info, shape, conversation, special, graph(graphs, "projector", files),
                    graph(graphs, "embedding", files), graph(graphs, "decoder", files), tokenizer);
        }

        private Blip2Package blip2(Manifest.QueryTransformer qformer, Manifest.LanguageModel lm, Manifest.Encoder encoder,
                List<Integer> eos, Map<String, Manifest.Graph> graphs, Map<String, String> files, Path tokenizer)
                throws InvalidModelException {
            required(qformer, "architecture.qformer");
            // BLIP-2 takes the encoder's own square preprocessing; its manifest has no aspect ratio field
            ImageFeatures features = features(encoder, "square");
            if (features.width() != positive(qformer.visionWidth(), "qformer.visionWidth")) {
                throw invalid("architecture.qformer takes image tokens " + qformer.visionWidth() + " wide, but the encoder's are "
                        + features.width());
            }
            int width = positive(lm.dModel(), "languageModel.dModel");
            CacheLayout cache = new CacheLayout(positive(lm.decoderLayers(), "languageModel.decoderLayers"),
                    positive(lm.heads(), "languageModel.heads"), positive(lm.dKv(), "languageModel.dKv"));
            int start = token(lm.decoderStartId(), "languageModel.decoderStartId", lm.vocabSize());
            MultimodalPackageInfo info = info(BLIP2, features, BLIP2_CONTEXT, lm.vocabSize());
            return new Blip2Package(info, positive(qformer.queryTokens(), "qformer.queryTokens"), width, cache, start, eos,
                    graph(graphs, "qformer", files), graph(graphs, "embedding", files), graph(graphs, "encoder", files),
                    graph(graphs, "crossKeyValues", files), graph(graphs, "decoder", files), tokenizer);
        }

        private ImageFeatures features(Manifest.Encoder encoder, String aspectRatio) throws InvalidModelException {
            return new ImageFeatures(required(encoder.name(), "encoder.name"),
                    required(encoder.manifestSha256(), "encoder.manifestSha256"), required(encoder.layer(), "encoder.layer"),
                    required(encoder.classToken(), "encoder.classToken"), positive(encoder.tokens(), "encoder.tokens"),
                    positive(encoder.width(), "encoder.width"), aspectRatio);
        }

        private MultimodalPackageInfo info(String family, ImageFeatures features, int contextLength, int vocabSize)
                throws InvalidModelException {
            return new MultimodalPackageInfo(required(m.name(), "name"), m.description() == null ? "" : m.description(),
                    dir, family, features, contextLength, vocabSize);
        }

        private Path graph(Map<String, Manifest.Graph> graphs, String name, Map<String, String> files)
                throws InvalidModelException {
            Manifest.Graph graph = graphs.get(name);
            if (graph == null || graph.file() == null) {
                throw invalid("graphs." + name + ".file is missing");
            }
            return listed(graph.file(), files);
        }

        /** A file the manifest names elsewhere, which {@code files} must list (and so was verified). */
        private Path listed(String name, Map<String, String> files) throws InvalidModelException {
            if (!files.containsKey(name)) {
                throw invalid("files has no SHA-256 for " + name);
            }
            return dir.resolve(name).normalize();
        }

        /** Resolves a listed file inside the package, refusing anything that leaves the folder, and checks its SHA-256. */
        private void verified(String name, String expected) throws InvalidModelException {
            PackageManifests.verifyListedFile(dir, name, expected, this::invalid);
        }

        private int token(Integer id, String field, int vocabSize) throws InvalidModelException {
            int value = required(id, field);
            if (value < 0 || value >= vocabSize) {
                throw invalid(field + " " + value + " lies outside the vocabulary of " + vocabSize);
            }
            return value;
        }

        private int positive(Integer value, String field) throws InvalidModelException {
            if (required(value, field) <= 0) {
                throw invalid("field '" + field + "' must be a positive whole number, got " + value);
            }
            return value;
        }

        private <T> T required(T value, String field) throws InvalidModelException {
            if (value == null) {
                throw invalid("field '" + field + "' is missing");
            }
            return value;
        }

        private InvalidModelException invalid(String problem) {
            return new InvalidModelException("Multimodal package " + dir + ": " + problem + " (" + dir.resolve(MANIFEST) + ")");
        }
    }
}
