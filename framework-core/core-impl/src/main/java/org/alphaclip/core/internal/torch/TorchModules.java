package org.alphaclip.core.internal.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import org.alphaclip.api.EncoderException;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;

/**
 * The loaded TorchScript modules of the process: one per file content (SHA-256) and device, reference counted
 * across users; a module nobody uses stays loaded (listed as idle) for the next user until the component stops. The device comes from the same configuration as the ONNX
 * Runtime sessions ({@code org.alphaclip.sessions}, {@code device=cpu|cuda:N}); a CUDA device the engine does not
 * have falls back to the CPU with one warning.
 */
@Component(service = TorchModules.class, configurationPid = "org.alphaclip.sessions",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class TorchModules {

    /** DJL's name of the PyTorch engine. */
    public static final String ENGINE = "PyTorch";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.core.torch");

    /** The autograd engine records one graph at a time per process. */
    static final ReentrantLock AUTOGRAD = new ReentrantLock();

    /** The device setting shared with the ONNX Runtime sessions. */
    public @interface Config {
        /** {@code cpu} or {@code cuda:N}. */
        String device() default "cpu";
    }

    private final String requestedDevice;
    private final Map<String, LoadedModule> modules = new HashMap<>();
    private String fallbackReason;
    private boolean closed;

    /** Reads the device setting. */
    @Activate
    public TorchModules(Config config) {
        this(config.device());
    }

    /** Modules on {@code device} ({@code cpu} or {@code cuda:N}), for code outside OSGi (tests, benchmarks). */
    public TorchModules(String device) {
        this.requestedDevice = device == null || device.strip().isEmpty() ? "cpu" : device.strip();
    }

    /** Whether DJL knows the PyTorch engine (its platform bundle is installed and started). */
    public static boolean engineAvailable() {
        return Engine.getAllEngines().contains(ENGINE);
    }

    /**
     * A reference to the module in {@code file}, loading it on first use.
     *
     * @param sha256 the file's SHA-256 as the package lists it (the module's identity)
     * @param user the name of the bundle or component holding the reference
     * @throws EncoderException when the engine is missing or the file does not load
     */
    public synchronized ModuleHandle acquire(Path file, String sha256, String user) throws EncoderException {
        if (closed) {
            throw new IllegalStateException("The TorchScript modules are closed");
        }
        if (!engineAvailable()) {
            throw new EncoderException("The PyTorch engine is not installed: add the org.alphaclip.platform.pytorch"
                    + " bundle to compute gradients through the encoder (" + file.getFileName() + ")");
        }
        Device device = device();
        String key = sha256 + "@" + device;
        LoadedModule module = modules.get(key);
        if (module == null) {
            module = load(file, sha256, device);
            modules.put(key, module);
        }
        module.users.merge(user, 1, Integer::sum);
        return new ModuleHandle(this, module, user);
    }

    private static LoadedModule load(Path file, String sha256, Device device) throws EncoderException {
        if (!Files.isRegularFile(file)) {
            throw new EncoderException("TorchScript module " + file + " is missing");
        }
        String fileName = file.getFileName().toString();
        String prefix = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
        Model model = Model.newInstance(prefix, device, ENGINE);
        try {
            // "trainParam" loads the weights as ordinary tensors (not inference tensors), so that autograd can
            // save them for the backward pass to the inputs; they are frozen right after.
            model.load(file.getParent(), prefix, Map.of("trainParam", "true"));
            model.getBlock().freezeParameters(true);
            return new LoadedModule(file, sha256, device, model, Files.size(file));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new EncoderException("TorchScript module " + file + " does not load: " + e.getMessage(), e);
        }
    }

    /** The device modules load on: the configured one, or the CPU when the engine has no such GPU. */
    synchronized Device device() {
        if (requestedDevice.equals("cpu")) {
            return Device.cpu();
        }
        int id;
        try {
            id = Integer.parseInt(requestedDevice.replaceFirst("^cuda:?", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Unknown device '" + requestedDevice + "', expected cpu or cuda:N", e);
        }
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        if (id < gpus) {
            return Device.gpu(id);
        }
        if (fallbackReason == null) {
            fallbackReason = "the PyTorch engine sees " + gpus + " GPU(s)";
            LOG.warning("TorchScript modules: " + requestedDevice + " unavailable (" + fallbackReason + "); using CPU");
        }
        return Device.cpu();
    }

    synchronized void release(LoadedModule module, String user) {
        module.users.computeIfPresent(user, (name, count) -> count > 1 ? count - 1 : null);
    }

    /** The loaded modules, in the shape of the session listing. */
    public synchronized List<SessionStatus> statuses() {
        List<SessionStatus> statuses = new ArrayList<>();
        for (LoadedModule module : modules.values()) {
            statuses.add(module.status());
        }
        return statuses;
    }

    /** {@code cpu} or {@code cuda:N}, as the session configuration names devices. */
    static String deviceName(Device device) {
        return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    }

    /** Unloads every module. */
    @Deactivate
    public synchronized void close() {
        closed = true;
        for (LoadedModule module : modules.values()) {
            module.model.close();
        }
        modules.clear();
    }

    /** One loaded module and its users. */
    static final class LoadedModule {
        final Path file;
        final String sha256;
        final Device device;
        final Model model;
        final long bytes;
        final Map<String, Integer> users = new HashMap<>();
        private long requests;
        private final long[] recentNanos = new long[256];

        LoadedModule(Path file, String sha256, Device device, Model model, long bytes) {
            this.file = file;
            this.sha256 = sha256;
            this.device = device;
            this.model = model;
            this.bytes = bytes;
        }

        synchronized void record(long nanos) {
            recentNanos[(int) (requests % recentNanos.length)] = nanos;
            requests++;
        }

        synchronized SessionStatus status() {
            int n = (int) Math.min(requests, recentNanos.length);
            long[] recent = java.util.Arrays.copyOf(recentNanos, n);
            java.util.Arrays.sort(recent);
            double p50 = n == 0 ? 0 : recent[(int) Math.min(n - 1, Math.floor(0.50 * n))] / 1e6;
            double p99 = n == 0 ? 0 : recent[(int) Math.min(n - 1, Math.floor(0.99 * n))] / 1e6;
            return new SessionStatus(file.toString(), sha256, deviceName(device) + " (PyTorch, TorchScript)",
                    SessionOptions.DEFAULT, users, bytes, requests, p50, p99, Map.of());
        }
    }
}
