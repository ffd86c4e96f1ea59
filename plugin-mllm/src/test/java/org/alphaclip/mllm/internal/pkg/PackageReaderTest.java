package org.alphaclip.mllm.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.mllm.MultimodalPackageInfo;
import org.alphaclip.mllm.internal.llava.PackageCopies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/** Reading an exported package, and one sentence naming the file or field for each kind of damage. */
class PackageReaderTest {

    private static final Path PACKAGES = Path.of(System.getProperty("mllm.test.packages", "target/test-models"));

    @TempDir
    Path dir;

    private Path copy() throws IOException {
        return PackageCopies.copy(PACKAGES.resolve("llava-tiny-visible"), dir.resolve("llava"));
    }

    private static String refusal(Path folder) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> PackageReader.read(folder));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheExportedPackage() throws Exception {
        LlavaPackage llava = (LlavaPackage) PackageReader.read(PACKAGES.resolve("llava-tiny-visible"));
        MultimodalPackageInfo info = llava.info();
        assertEquals("llava", info.family());
        assertEquals(-2, info.imageFeatures().layer());
        assertFalse(info.imageFeatures().classToken());
        assertEquals("encoder", info.imageFeatures().encoder());
        assertTrue(llava.decoder().endsWith("decoder.onnx"));
        assertTrue(llava.conversation().firstTurn("Q?").endsWith(" USER: <image>\nQ? ASSISTANT:"));
    }

    @Test
    void refusesAnEncoderPackage() {
        assertTrue(refusal(PACKAGES.resolve("encoder")).contains("it is an Alpha-CLIP encoder package"));
    }

    @Test
    void refusesAFolderWithoutManifest() {
        assertTrue(refusal(dir).contains("has no manifest.json"));
    }

    @Test
    void namesAMissingTokenizer() throws Exception {
        Path llava = copy();
        Files.delete(llava.resolve("tokenizer.json"));
        assertTrue(refusal(llava).contains("file tokenizer.json is missing"));
    }

    @Test
    void namesAMissingProjector() throws Exception {
        Path llava = copy();
        Files.delete(llava.resolve("projector.onnx"));
        assertTrue(refusal(llava).contains("file projector.onnx is missing"));
    }

    @Test
    void namesAChangedFile() throws Exception {
        Path llava = copy();
        Files.writeString(llava.resolve("tokenizer.json"), "{}");
        String message = refusal(llava);
        assertTrue(message.contains("tokenizer.json has SHA-256") && message.contains("changed or damaged"), message);
    }

    @Test
    void refusesFilesOutsideTheFolder() throws Exception {
        String message = refusalAfter(m -> m.getAsJsonObject("files").addProperty("../outside.onnx", "0".repeat(64)));
        assertTrue(message.contains("'../outside.onnx' is outside the package folder"), message);
    }

    @Test
    void namesAMissingField() throws Exception {
        String message = refusalAfter(m -> m.getAsJsonObject("architecture").getAsJsonObject("languageModel").remove("kvHeads"));
        assertTrue(message.contains("field 'languageModel.kvHeads' is missing"), message);
    }

    @Test
    void refusesAnUnknownFamily() throws Exception {
        String message = refusalAfter(m -> m.getAsJsonObject("architecture").addProperty("family", "opt"));
        assertTrue(message.contains("architecture.family 'opt' is not supported; supported: llava, blip2"), message);
    }

    @Test
    void namesAFieldOfTheWrongType() throws Exception {
        String message = refusalAfter(m -> m.addProperty("formatVersion", "one"));
        assertTrue(message.contains("does not fit the format"), message);
    }

    /** The refusal of a copy whose manifest was edited. */
    private String refusalAfter(Consumer<JsonObject> edit) throws IOException {
        Path llava = copy();
        JsonObject manifest = PackageCopies.manifest(llava);
        edit.accept(manifest);
        PackageCopies.writeManifest(llava, manifest);
        return refusal(llava);
    }
}
