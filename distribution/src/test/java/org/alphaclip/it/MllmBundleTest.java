package org.alphaclip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.alphaclip.sdk.testing.FixtureSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The shipped mllm bundle inside the real framework: its {@code MultimodalModels} service opens the LLaVA package
 * plugin-mllm's build exported from the first {@code llava-tiny-*} set (manifest mapping, DJL's native tokenizer
 * under OSGi, the graphs on the shared sessions) and decodes the reference's greedy ids.
 */
class MllmBundleTest {

    @Test
    void theServiceDecodesTheReferenceIds(@TempDir Path storage) throws Exception {
        Path set = FixtureSets.sets("mllm-reference", "llava-tiny-*").get(0);
        JsonObject reference = JsonParser.parseString(Files.readString(set.resolve("reference.json"))).getAsJsonObject();
        JsonObject config = JsonParser.parseString(Files.readString(set.resolve("config.json"))).getAsJsonObject();
        JsonObject hidden = JsonParser.parseString(Files.readString(FixtureSets.set("alphaclip-reference").resolve("index.json")))
                .getAsJsonObject().getAsJsonObject("hidden_penultimate");
        Path exported = Path.of(System.getProperty("mllm.test.packages", "../plugin-mllm/target/test-models"))
                .resolve(set.getFileName()).toAbsolutePath();
        assertTrue(Files.isRegularFile(exported.resolve("manifest.json")), "built by plugin-mllm's tests: " + exported);
        Path plugin;
        try (Stream<Path> jars = Files.list(OsgiFramework.appDir().resolve("plugins"))) {
            plugin = jars.filter(p -> p.getFileName().toString().startsWith("org.alphaclip.plugin.mllm")).findFirst().orElseThrow();
        }
        Path probe = TestBundles.build(storage.resolve("build"), "mllm-probe.jar", "org.alphaclip.it.mllmprobe", Map.of(
                "Bundle-SymbolicName", "org.alphaclip.it.mllmprobe", "Bundle-Version", "1.0.0",
                "Bundle-Activator", "org.alphaclip.it.mllmprobe.MllmProbeActivator"));
        try (OsgiFramework osgi = OsgiFramework.start(storage.resolve("fw"), Map.of())) {
            osgi.context().installBundle(plugin.toUri().toString()).start();
            osgi.awaitService("org.alphaclip.mllm.MultimodalModels", null, Duration.ofSeconds(20));
            Bundle probeBundle = osgi.context().installBundle(probe.toUri().toString());
            probeBundle.start();
            ServiceReference<?> ref = osgi.awaitService(Function.class.getName(), "(probe=mllm)", Duration.ofSeconds(10));
            @SuppressWarnings("unchecked")
            Function<String, String> run = (Function<String, String>) osgi.context().getService(ref);
            JsonObject greedy = reference.getAsJsonObject("greedy");
            String answer = run.apply(String.join("|", exported.toString(),
                    FixtureSets.set("alphaclip-reference").resolve(hidden.get("file").getAsString()).toString(),
                    reference.get("image_tokens").getAsString(), config.get("mm_hidden_size").getAsString(),
                    reference.get("question").getAsString(), greedy.get("max_new_tokens").getAsString()));
            assertEquals(greedy.getAsJsonArray("generated_ids").toString().replace(",", ", "), answer);
        }
    }
}
