package org.alphaclip.core.internal.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.gradient.DifferentiableEncoder;
import org.alphaclip.api.gradient.DifferentiableEncoders;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The differentiable image towers of the known model packages: those whose manifest has a {@code torchscript}
 * section naming {@code visual.pt} (written by {@code export_alphaclip.py --torchscript}). The package loader has
 * already checked the file against its SHA-256; the module is shared through {@link TorchModules}.
 */
@Component(service = DifferentiableEncoders.class)
public final class TorchScriptEncoders implements DifferentiableEncoders {

    private final ModelPackages packages;
    private final TorchModules modules;

    /** Uses the known packages and the shared modules. */
    @Activate
    public TorchScriptEncoders(@Reference ModelPackages packages, @Reference TorchModules modules) {
        this.packages = packages;
        this.modules = modules;
    }

    @Override
    public List<String> models() {
        List<String> names = new ArrayList<>();
        for (ModelInfo info : packages.list()) {
            if (visualModule(info) != null) {
                names.add(info.name());
            }
        }
        return names;
    }

    @Override
    public DifferentiableEncoder open(String model) throws EncoderException {
        ModelInfo info;
        try {
            info = model == null || model.isBlank() ? packages.defaultModel() : packages.find(model).orElseThrow(
                    () -> new EncoderException("No model package named '" + model + "'; known: "
                            + packages.list().stream().map(ModelInfo::name).toList()));
        } catch (InvalidModelException e) {
            throw new EncoderException(e.getMessage(), e);
        }
        return open(info, modules, "differentiable-encoder");
    }

    /** Opens the tower of a package outside OSGi (tests, benchmarks). */
    public static DifferentiableEncoder open(ModelInfo info, TorchModules modules, String user)
            throws EncoderException {
        String[] module = visualModule(info);
        if (module == null) {
            throw new EncoderException("Model package '" + info.name() + "' has no TorchScript image tower: export it"
                    + " with export_alphaclip.py --torchscript (or tools/export/add_torchscript.py)");
        }
        ModuleHandle handle = modules.acquire(info.location().resolve(module[0]), module[1], user);
        return new TorchScriptEncoder(info, handle);
    }

    /** The package's {@code visual.pt} file name and SHA-256, or null when it has none. */
    private static String[] visualModule(ModelInfo info) {
        Path manifest = info.location().resolve("manifest.json");
        try {
            JsonObject root = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
            if (!root.has("torchscript") || !root.getAsJsonObject("torchscript").has("visual")) {
                return null;
            }
            String file = root.getAsJsonObject("torchscript").getAsJsonObject("visual").get("file").getAsString();
            String sha = root.getAsJsonObject("files").get(file).getAsString();
            return new String[] {file, sha};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
