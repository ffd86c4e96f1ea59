package org.alphaclip.mllm.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        MultimodalPackage llava = PackageReader.read(PACKAGES.resolve("llava-tiny-visible"));
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
        Path llava = copy();
        JsonObject manifest = PackageCopies.manifest(llava);
        manifest.getAsJsonObject("files").addProperty("../outside.onnx", "0".repeat(64));
        PackageCopies.writeManifest(llava, manifest);
        assertTrue(refusal(llava).contains("'../outside.onnx' is outside the package folder"));
    }

    @Test
    void namesAMissingField() throws Exception {
        Path llava = copy();
        JsonObject manifest = PackageCopies.manifest(llava);
        manifest.getAsJsonObject("architecture").getAsJsonObject("languageModel").remove("kvHeads");
        PackageCopies.writeManifest(llava, manifest);
        assertTrue(refusal(llava).contains("field 'languageModel.kvHeads' is missing"));
    }

    @Test
    void refusesAnUnknownFamily() throws Exception {
        Path llava = copy();
        JsonObject manifest = PackageCopies.manifest(llava);
        manifest.getAsJsonObject("architecture").addProperty("family", "blip2");
        PackageCopies.writeManifest(llava, manifest);
        assertTrue(refusal(llava).contains("architecture.family 'blip2' is not supported; supported: llava"));
    }
}
