package org.alphaclip.sdk.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model}: a folder, a folder name or manifest name in the model folders, or the only multimodal package there. */
class PackageFoldersTest {

    private static final String MLLM = "alphaclip-mllm-package";

    @TempDir
    Path models;

    private Path write(String folder, String format, String name) throws Exception {
        Path dir = Files.createDirectories(models.resolve(folder));
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"" + format + "\", \"name\": \"" + name + "\"}");
        return dir;
    }

    @Test
    void findsByFolderByNameAndTheOnlyPackage() throws Exception {
        Path llava = write("llava-folder", "alphaclip-mllm-package", "llava-7b");
        Path encoder = write("encoder", "alphaclip-model-package", "alphaclip-l14");
        PackageFolders folders = new PackageFolders(List.of(models), MLLM, "multimodal");
        assertEquals(llava, folders.resolve(""));
        assertEquals(llava, folders.resolve("llava-7b"));
        assertEquals(llava, folders.resolve("llava-folder"));
        assertEquals(llava, folders.resolve(llava.toString()));
        assertEquals(encoder, folders.resolve("encoder"), "the opener says what kind of package it is");

        String unknown = assertThrows(IllegalArgumentException.class, () -> folders.resolve("blip2")).getMessage();
        assertEquals("--model 'blip2' is neither a folder nor a package in " + models + "; multimodal packages there: llava-7b",
                unknown);
        write("second", "alphaclip-mllm-package", "blip2-t5");
        String two = assertThrows(IllegalArgumentException.class, () -> folders.resolve("")).getMessage();
        assertEquals("Missing --model <package folder or name>; " + models + " holds llava-7b, blip2-t5", two);
    }

    @Test
    void configuredFoldersReplaceTheApplicationFolder() {
        PackageFolders known = PackageFolders.configured("/opt/app", new String[] {"${alphaclip.home}/models", "/data"}, MLLM,
                "multimodal");
        assertEquals(List.of(Path.of("/opt/app/models"), Path.of("/data")), known.modelDirs());
        PackageFolders unknown = PackageFolders.configured(null, new String[] {"${alphaclip.home}/models", "/data"}, MLLM,
                "multimodal");
        assertEquals(List.of(Path.of("/data")), unknown.modelDirs());
    }

    @Test
    void noPackageAndNoFolderSaySo() {
        String none = assertThrows(IllegalArgumentException.class, () -> new PackageFolders(List.of(models), MLLM, "multimodal").resolve(""))
                .getMessage();
        assertTrue(none.endsWith(models + " holds no multimodal package"), none);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageFolders(List.of(), MLLM, "multimodal").resolve(""))
                .getMessage().contains("(none configured)"));
    }
}
