package org.alphaclip.core.internal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.core.internal.encoder.OnnxAlphaClipEncoder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The known model packages: every package folder in the configured model folders plus those resolved
 * by path at runtime. Each gets an {@link AlphaClipEncoder} service carrying its name; the configured
 * default (or, without one, the first package by name) also carries {@code alphaclip.default=true}.
 */
@Component(immediate = true, service = ModelPackages.class, configurationPid = ModelRegistry.PID)
@Designate(ocd = ModelRegistry.Config.class)
public final class ModelRegistry implements ModelPackages {

    /** Configuration PID ({@code etc/org.alphaclip.models.cfg}). */
    public static final String PID = "org.alphaclip.models";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.core.models");

    /** Where packages are found and which one is the default. */
    @ObjectClassDefinition(name = "Alpha-CLIP model packages")
    public @interface Config {
        /** Folders whose sub-folders are model packages; {@code ${alphaclip.home}} is the application folder. */
        @AttributeDefinition(description = "Folders holding model package folders")
        String[] modelDirs() default {"${alphaclip.home}/models"};

        /** The default package's name; empty picks the first package by name. */
        @AttributeDefinition(description = "Name of the default model package")
        String defaultModel() default "";

        /** How often the model folders are checked for added, replaced and removed packages; 0 = never. */
        @AttributeDefinition(description = "Seconds between checks of the model folders (0 = only at start)")
        int scanIntervalSeconds() default 5;
    }

    private final BundleContext context;
    private final InferenceSessions sessions;
    private final String defaultName;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Path> modelDirs = new ArrayList<>();
    private final ScheduledExecutorService scanner;

    private record Entry(ModelPackage modelPackage, String manifest, OnnxAlphaClipEncoder encoder,
            ServiceRegistration<AlphaClipEncoder> registration) {
    }

    /** Scans the model folders and registers an encoder per package. */
    @Activate
    public ModelRegistry(BundleContext context, @Reference InferenceSessions sessions, Config config) {
        this.context = context;
        this.sessions = sessions;
        String configuredDefault = config.defaultModel().strip();
        String home = context.getProperty("alphaclip.home");
        List<ModelPackage> found = new ArrayList<>();
        for (String dir : config.modelDirs()) {
            if (dir.contains("${alphaclip.home}") && home == null) {
                continue;
            }
            modelDirs.add(Path.of(dir.replace("${alphaclip.home}", home == null ? "" : home)));
        }
        for (Path dir : modelDirs) {
            found.addAll(scan(dir));
        }
        found.sort(Comparator.comparing(p -> p.info().name()));
        this.defaultName = !configuredDefault.isEmpty() ? configuredDefault
                : found.isEmpty() ? "" : found.get(0).info().name();
        synchronized (entries) {
            for (ModelPackage modelPackage : found) {
                if (entries.containsKey(modelPackage.info().name())) {
                    LOG.warning("Model package " + modelPackage.info().location() + " is ignored: a package named '"
                            + modelPackage.info().name() + "' was found first at " + entries.get(modelPackage.info().name())
                                    .modelPackage().info().location());
                    continue;
                }
                register(modelPackage);
            }
        }
        if (!configuredDefault.isEmpty() && !entries.containsKey(configuredDefault)) {
            LOG.warning("The default model '" + configuredDefault + "' (" + PID + ".defaultModel) was not found in "
                    + modelDirs + "; known: " + entries.keySet());
        }
        if (config.scanIntervalSeconds() > 0) {
            scanner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "alphaclip-model-scan");
                thread.setDaemon(true);
                return thread;
            });
            scanner.scheduleWithFixedDelay(this::rescan, config.scanIntervalSeconds(), config.scanIntervalSeconds(),
                    TimeUnit.SECONDS);
        } else {
            scanner = null;
        }
    }

    /**
     * Brings the registry in line with the model folders: new packages get an encoder, a package whose
     * manifest changed (replaced by a new export) gets a new encoder before the old one is withdrawn, and
     * a removed package's encoder is withdrawn. Requests running on a withdrawn encoder finish.
     */
    void rescan() {
        List<ModelPackage> found = new ArrayList<>();
        for (Path dir : modelDirs) {
            found.addAll(scan(dir));
        }
        synchronized (entries) {
            for (ModelPackage modelPackage : found) {
                Entry known = entries.get(modelPackage.info().name());
                if (known == null) {
                    register(modelPackage);
                } else if (known.modelPackage().info().location().equals(modelPackage.info().location())
                        && !known.manifest().equals(manifestText(modelPackage.info().location()))) {
                    register(modelPackage);
                    withdraw(known);
                    LOG.info("Model package '" + modelPackage.info().name() + "' was replaced; new requests use the new one");
                }
            }
            List<Path> present = found.stream().map(p -> p.info().location()).toList();
            for (Entry entry : List.copyOf(entries.values())) {
                Path location = entry.modelPackage().info().location();
                if (modelDirs.contains(location.getParent()) && !present.contains(location)) {
                    withdraw(entry);
                    entries.remove(entry.modelPackage().info().name());
                    LOG.info("Model package '" + entry.modelPackage().info().name() + "' was removed from " + location.getParent());
                }
            }
        }
    }

    private static String manifestText(Path folder) {
        try {
            return Files.readString(folder.resolve(ModelPackageReader.MANIFEST));
        } catch (IOException e) {
            return "";
        }
    }

    private static void withdraw(Entry entry) {
        try {
            entry.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
        entry.encoder().close();
    }

    /**
     * The encoder packages of a model folder. Folders of another package kind (multimodal packages, which the mllm
     * bundle opens) are passed over in silence; any other folder with a manifest that does not read is warned about.
     */
    static List<ModelPackage> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ModelPackage> packages = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(p -> Files.isRegularFile(p.resolve(ModelPackageReader.MANIFEST))).sorted().toList()) {
                try {
                    packages.add(ModelPackageReader.read(child, false));
                } catch (InvalidModelException e) {
                    if (!ModelPackageReader.isOtherPackageKind(child)) {
                        LOG.warning(e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list model folder " + dir + ": " + e.getMessage(), e);
        }
        return packages;
    }

    private void register(ModelPackage modelPackage) {
        String name = modelPackage.info().name();
        OnnxAlphaClipEncoder encoder = new OnnxAlphaClipEncoder(modelPackage, sessions);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AlphaClipEncoder.PROPERTY_MODEL, name);
        properties.put(AlphaClipEncoder.PROPERTY_DEFAULT, name.equals(defaultName));
        properties.put("alphaclip.location", modelPackage.info().location().toString());
        String manifest = manifestText(modelPackage.info().location());
        ServiceRegistration<AlphaClipEncoder> registration = context.registerService(AlphaClipEncoder.class, encoder, properties);
        entries.put(name, new Entry(modelPackage, manifest, encoder, registration));
        LOG.info("Model package '" + name + "' from " + modelPackage.info().location());
    }

    @Override
    public List<ModelInfo> list() {
        synchronized (entries) {
            return entries.values().stream().map(e -> e.modelPackage().info())
                    .sorted(Comparator.comparing((ModelInfo m) -> !m.name().equals(defaultName)).thenComparing(ModelInfo::name))
                    .toList();
        }
    }

    @Override
    public Optional<ModelInfo> find(String name) {
        synchronized (entries) {
            Entry entry = entries.get(name);
            return entry == null ? Optional.empty() : Optional.of(entry.modelPackage().info());
        }
    }

    @Override
    public ModelInfo defaultModel() throws InvalidModelException {
        synchronized (entries) {
            Entry entry = entries.get(defaultName);
            if (entry == null) {
                throw new InvalidModelException(entries.isEmpty()
                        ? "No model package is installed: put one into the models/ folder or name one with --model DIR"
                        : "The default model '" + defaultName + "' is not installed; known: " + entries.keySet());
            }
            return entry.modelPackage().info();
        }
    }

    @Override
    public ModelInfo resolve(String nameOrFolder) throws InvalidModelException {
        synchronized (entries) {
            Entry known = entries.get(nameOrFolder);
            if (known != null) {
                return known.modelPackage().info();
            }
            Path folder = Path.of(nameOrFolder).toAbsolutePath().normalize();
            for (Entry entry : entries.values()) {
                if (entry.modelPackage().info().location().equals(folder)) {
                    return entry.modelPackage().info();
                }
            }
            if (!Files.isDirectory(folder)) {
                throw new InvalidModelException("No model package named '" + nameOrFolder + "' and no such folder; known: "
                        + entries.keySet());
            }
            ModelPackage modelPackage = ModelPackageReader.read(folder, false);
            Entry clash = entries.get(modelPackage.info().name());
            if (clash != null) {
                throw new InvalidModelException("Model package " + folder + " is named '" + modelPackage.info().name()
                        + "', like the package already loaded from " + clash.modelPackage().info().location()
                        + "; give one of them another name in its manifest.json");
            }
            register(modelPackage);
            return modelPackage.info();
        }
    }

    @Override
    public ModelInfo inspect(Path folder) throws InvalidModelException {
        return ModelPackageReader.read(folder).info();
    }

    /** Unregisters every encoder and releases its sessions. */
    @Deactivate
    void deactivate() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
        synchronized (entries) {
            entries.values().forEach(ModelRegistry::withdraw);
            entries.clear();
        }
    }
}
