package org.alphaclip.core.internal.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.AlphaGeometry;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.ImageEncoding;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.ZeroShotClassifier;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.tensor.FloatTensor;
import org.alphaclip.api.tensor.Tensor;
import org.alphaclip.core.internal.image.ImageFileReader;
import org.alphaclip.core.internal.image.ImagePreprocessor;
import org.alphaclip.core.internal.model.ModelPackage;
import org.alphaclip.core.internal.model.ModelPackageReader;
import org.alphaclip.core.internal.session.StandaloneSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The Java encoder on ONNX Runtime against the official implementation: the exporter turned the
 * fixture weights into a package during this build; every image-embedding row, the hidden-state taps,
 * the attention map, the token ids, the text embeddings and the logits must match.
 */
class EncoderParityTest {

    private static ReferenceFixture fixture;
    private static StandaloneSessions sessions;
    private static OnnxAlphaClipEncoder encoder;
    private static ModelPackage modelPackage;
    private static final ImageFileReader READER = new ImageFileReader(100_000_000L);

    @BeforeAll
    static void load() throws Exception {
        fixture = new ReferenceFixture();
        sessions = StandaloneSessions.open();
        modelPackage = ModelPackageReader.read(ReferenceFixture.exportedPackage("fixture-full"));
        encoder = new OnnxAlphaClipEncoder(modelPackage, sessions);
    }

    @AfterAll
    static void close() {
        encoder.close();
        sessions.close();
    }

    @Test
    void everyImageEmbeddingRowMatches() throws Exception {
        List<JsonElement> rows = fixture.facts.getAsJsonArray("image_embedding_rows").asList();
        float[] reference = fixture.floats("image_embeddings");
        int dim = modelPackage.info().embedDim();
        Closeness closeness = new Closeness();
        for (int row = 0; row < rows.size(); row++) {
            JsonObject spec = rows.get(row).getAsJsonObject();
            float[] actual = embed(spec.get("image").getAsString(), spec.get("alpha").getAsString());
            closeness.assertClose("row " + row + " " + spec, Arrays.copyOfRange(reference, row * dim, (row + 1) * dim), actual);
        }
        System.out.println("image embeddings (" + rows.size() + " rows): " + closeness);
    }

    @Test
    void hiddenStatesAndAttentionMatch() throws Exception {
        JsonObject pair = fixture.facts.getAsJsonObject("hidden_pair");
        RegionImage input = regionImage(pair.get("image").getAsString(), pair.get("alpha").getAsString());
        ImageEncoding encoding = encoder.encodeImages(List.of(input), EncodeOptions.DEFAULT.withHiddenLayers(-2, -1)
                .withClsAttention(true).withAlphaGeometry(AlphaGeometry.OFFICIAL_SQUASH));
        Closeness closeness = new Closeness();
        closeness.assertClose("pair embedding", fixture.floats("hidden_pair_embedding"), encoding.embedding(0));
        closeness.assertClose("hidden layer -2", fixture.floats("hidden_penultimate"), encoding.hiddenStates().get(-2).data());
        closeness.assertClose("hidden layer -1", fixture.floats("hidden_last"), encoding.hiddenStates().get(-1).data());
        float[] attention = encoding.clsAttention().data();
        int heads = modelPackage.info().vision().heads();
        int tokens = modelPackage.info().vision().tokens();
        assertArrayEquals(new long[] {1, heads, tokens}, encoding.clsAttention().shape());
        float[] toPatches = new float[heads * (tokens - 1)];
        float[] toCls = new float[heads];
        for (int h = 0; h < heads; h++) {
            toCls[h] = attention[h * tokens];
            System.arraycopy(attention, h * tokens + 1, toPatches, h * (tokens - 1), tokens - 1);
        }
        closeness.assertClose("attention CLS->patches", fixture.floats("attn_last_cls"), toPatches);
        closeness.assertClose("attention CLS->CLS", fixture.floats("attn_last_cls_to_cls"), toCls);

        ImageEncoding withoutCls = encoder.encodeImages(List.of(input), EncodeOptions.DEFAULT.withHiddenLayers(-2)
                .withClassToken(false).withAlphaGeometry(AlphaGeometry.OFFICIAL_SQUASH));
        float[] patches = withoutCls.hiddenStates().get(-2).data();
        float[] full = fixture.floats("hidden_penultimate");
        int width = modelPackage.info().vision().width();
        closeness.assertClose("layer -2 without CLS", Arrays.copyOfRange(full, width, full.length), patches);
        System.out.println("hidden states and attention: " + closeness);
    }

    @Test
    void tokenIdsTextEmbeddingsAndLogitsMatch() throws Exception {
        List<String> prompts = fixture.facts.getAsJsonArray("prompts").asList().stream().map(JsonElement::getAsString).toList();
        int[] ids = fixture.ints("prompt_token_ids");
        int[][] actualIds = encoder.tokenize(prompts, false);
        for (int i = 0; i < prompts.size(); i++) {
            assertArrayEquals(Arrays.copyOfRange(ids, i * 77, (i + 1) * 77), actualIds[i], prompts.get(i));
        }
        float[][] text = encoder.encodeTexts(prompts, false);
        float[] reference = fixture.floats("text_embeddings");
        int dim = modelPackage.info().embedDim();
        Closeness closeness = new Closeness();
        for (int i = 0; i < prompts.size(); i++) {
            closeness.assertClose("text " + i, Arrays.copyOfRange(reference, i * dim, (i + 1) * dim), text[i]);
        }
        int[] logitRows = fixture.ints("logits_rows");
        float[] logits = fixture.floats("logits");
        float[][] unitTexts = Arrays.stream(text).map(ZeroShotClassifier::unit).toArray(float[][]::new);
        ZeroShotClassifier perPrompt = new ZeroShotClassifier(modelPackage.info().name(), prompts, List.of("{}"), unitTexts,
                modelPackage.info().logitScale(), List.of());
        List<JsonElement> rows = fixture.facts.getAsJsonArray("image_embedding_rows").asList();
        for (int r = 0; r < logitRows.length; r++) {
            JsonObject spec = rows.get(logitRows[r]).getAsJsonObject();
            double[] scaled = perPrompt.logits(embed(spec.get("image").getAsString(), spec.get("alpha").getAsString()));
            float[] actual = new float[prompts.size()];
            for (int t = 0; t < prompts.size(); t++) {
                actual[t] = (float) scaled[t];
            }
            closeness.assertClose("logits row " + logitRows[r], Arrays.copyOfRange(logits, r * prompts.size(), (r + 1) * prompts.size()), actual);
        }
        System.out.println("text embeddings and logits: " + closeness);
    }

    @Test
    void tooLongTextFailsWithoutTruncation() {
        String longText = "word ".repeat(100);
        EncoderException e = assertThrows(EncoderException.class, () -> encoder.tokenize(List.of(longText), false));
        assertTrue(e.getMessage().contains("77"), e.getMessage());
        assertEquals(77, assertDoesNotThrowTokenize(longText).length);
    }

    @Test
    void layerOutsideTheModelIsNamed() {
        RgbImage image = new RgbImage(8, 8, new byte[8 * 8 * 3], null);
        int beyond = modelPackage.info().vision().layers() + 3;
        EncoderException e = assertThrows(EncoderException.class, () -> encoder.encodeImages(List.of(RegionImage.whole(image)),
                EncodeOptions.DEFAULT.withHiddenLayers(beyond)));
        assertTrue(e.getMessage().contains("Layer " + beyond + " does not exist"), e.getMessage());
    }

    @Test
    void batchOfEightEqualsOneByOne() throws Exception {
        JsonObject mask = fixture.facts.getAsJsonArray("masks").get(0).getAsJsonObject();
        String image = mask.get("image").getAsString();
        List<RegionImage> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(regionImage(image, i % 2 == 0 ? "const:+1.923077" : "cropgeom:" + mask.get("name").getAsString()));
        }
        ImageEncoding batch = encoder.encodeImages(inputs, EncodeOptions.DEFAULT);
        Closeness closeness = new Closeness();
        for (int i = 0; i < 8; i++) {
            float[] single = encoder.encodeImages(List.of(inputs.get(i)), EncodeOptions.DEFAULT).embedding(0);
            closeness.assertClose("batch item " + i, single, batch.embedding(i));
        }
    }

    private static int[] assertDoesNotThrowTokenize(String text) {
        try {
            return encoder.tokenize(List.of(text), true)[0];
        } catch (EncoderException e) {
            throw new AssertionError(e);
        }
    }

    /** The embedding of one fixture row, through the public encoder where the alpha is a region. */
    private static float[] embed(String imageName, String alphaSpec) throws Exception {
        if (alphaSpec.startsWith("const:1.0") || alphaSpec.startsWith("const:0.0")) {
            return embedConstantAlpha(imageName, Float.parseFloat(alphaSpec.substring(6)));
        }
        AlphaGeometry geometry = alphaSpec.startsWith("official:") ? AlphaGeometry.OFFICIAL_SQUASH : AlphaGeometry.ALIGNED;
        return encoder.encodeImages(List.of(regionImage(imageName, alphaSpec)), EncodeOptions.DEFAULT.withAlphaGeometry(geometry))
                .embedding(0);
    }

    private static RegionImage regionImage(String imageName, String alphaSpec) throws Exception {
        RgbImage image = READER.readImage(imagePath(imageName));
        Region region;
        if (alphaSpec.startsWith("const:+1.923")) {
            region = new Region.Whole();
        } else if (alphaSpec.startsWith("const:-1.923")) {
            region = new Region.Mask(new GrayImage(image.width(), image.height(), new byte[image.width() * image.height()]), 255);
        } else {
            String mask = alphaSpec.substring(alphaSpec.indexOf(':') + 1);
            region = new Region.Mask(READER.readMask(maskPath(mask)), Region.OFFICIAL_THRESHOLD);
        }
        return new RegionImage(image, region);
    }

    /** Alpha values no region produces (raw 1.0 and 0.0): fed straight to the shared session. */
    private static float[] embedConstantAlpha(String imageName, float alphaValue) throws Exception {
        RgbImage image = READER.readImage(imagePath(imageName));
        float[] pixels = new ImagePreprocessor(modelPackage.info().preprocessing()).preprocess(image).pixelValues();
        int r = modelPackage.info().vision().resolution();
        float[] alpha = new float[r * r];
        Arrays.fill(alpha, alphaValue);
        try (SessionHandle handle = sessions.acquire(modelPackage.visualGraph(), SessionOptions.DEFAULT)) {
            Map<String, Tensor> feeds = new HashMap<>();
            feeds.put("image", new FloatTensor(new long[] {1, 3, r, r}, pixels));
            feeds.put("alpha", new FloatTensor(new long[] {1, 1, r, r}, alpha));
            return ((FloatTensor) handle.run(feeds, Set.of(ModelPackage.IMAGE_EMBEDDING)).get(ModelPackage.IMAGE_EMBEDDING)).data();
        }
    }

    private static Path imagePath(String name) {
        for (JsonElement e : fixture.facts.getAsJsonArray("images")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return fixture.dir.resolve(e.getAsJsonObject().get("file").getAsString());
            }
        }
        throw new AssertionError("no fixture image " + name);
    }

    private static Path maskPath(String name) {
        for (JsonElement e : fixture.facts.getAsJsonArray("masks")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return fixture.dir.resolve(e.getAsJsonObject().get("file").getAsString());
            }
        }
        throw new AssertionError("no fixture mask " + name);
    }
}
