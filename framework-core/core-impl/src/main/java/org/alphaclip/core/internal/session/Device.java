package org.alphaclip.core.internal.session;

import java.util.EnumSet;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.SessionOptions.Optimization;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;

/**
 * One device as requested and as in use, with its queue, and the ONNX Runtime session options that put
 * a session on it. A CUDA device whose execution provider cannot be loaded falls back to CPU once, with
 * one warning naming the reason, and shares the CPU device's queue.
 *
 * <pre>{@code
 * Device cpu = Device.cpu(settings);
 * Device gpu = Device.cuda("cuda:0", settings, cpu);   // "cpu" active after a fallback
 * try (OrtSession.SessionOptions options = gpu.sessionOptions(0, Optimization.ALL)) { ... }
 * }</pre>
 */
final class Device {

    private static final Logger LOG = Logger.getLogger(Device.class.getName());
    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    private final String name;
    private final String requested;
    private final String active;
    private final String fallbackReason;
    private final DeviceQueue queue;
    private final SessionSettings settings;
    private final int cudaDeviceId;

    private Device(String name, String requested, String active, String fallbackReason, DeviceQueue queue,
            SessionSettings settings, int cudaDeviceId) {
        this.name = name;
        this.requested = requested;
        this.active = active;
        this.fallbackReason = fallbackReason;
        this.queue = queue;
        this.settings = settings;
        this.cudaDeviceId = cudaDeviceId;
    }

    /** {@code cpu}, or {@code cuda:N} ({@code cuda} alone meaning {@code cuda:0}). */
    static String normalizeName(String device) {
        if ("cpu".equals(device)) {
            return device;
        }
        Matcher cuda = device == null ? null : CUDA.matcher(device);
        if (cuda == null || !cuda.matches()) {
            throw new IllegalArgumentException("Unknown device '" + device + "', expected cpu or cuda:N");
        }
        return "cuda:" + (cuda.group(1) == null ? "0" : Integer.parseInt(cuda.group(1)));
    }

    /** The CPU device. */
    static Device cpu(SessionSettings settings) {
        return new Device("cpu", cpuDescription(settings), "cpu", null,
                new DeviceQueue("cpu", settings.maxConcurrent(), settings.queueLimit()), settings, -1);
    }

    /**
     * A CUDA device, or the CPU device under this name when CUDA cannot be loaded (one warning).
     *
     * @param name {@code cuda:N}, as {@link #normalizeName} returns it
     */
    static Device cuda(String name, SessionSettings settings, Device cpu) {
        int deviceId = Integer.parseInt(name.substring("cuda:".length()));
        String requested = name + " (gpu_mem_limit=" + (settings.cudaMemoryLimitBytes() == 0 ? "none"
                : settings.cudaMemoryLimitBytes()) + ", arena_extend_strategy=" + settings.cudaArenaExtendStrategy()
                + ", cudnn_conv_algo_search=" + settings.cudnnConvAlgoSearch() + ")";
        String reason = cudaUnavailableReason(deviceId, settings);
        if (reason != null) {
            LOG.warning("CUDA execution provider unavailable for " + name + " (" + reason + "); using CPU");
            return new Device(name, requested, "cpu", reason, cpu.queue, settings, -1);
        }
        return new Device(name, requested, name, null,
                new DeviceQueue(name, settings.maxConcurrent(), settings.queueLimit()), settings, deviceId);
    }

    private static String cpuDescription(SessionSettings settings) {
        return "cpu (threads=" + (settings.cpuThreads() == 0 ? "default" : settings.cpuThreads()) + ", arena="
                + settings.cpuArena() + ")";
    }

    private static String cudaUnavailableReason(int deviceId, SessionSettings settings) {
        EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
        if (!providers.contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA execution provider, only " + providers
                    + "; CUDA needs the onnxruntime_gpu platform bundle";
        }
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            addCuda(probe, deviceId, settings);
            return null;
        } catch (OrtException e) {
            return e.getMessage();
        }
    }

    private static void addCuda(OrtSession.SessionOptions options, int deviceId, SessionSettings settings)
            throws OrtException {
        // the native CUDA options are copied into the session options, so they can be closed at once
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(deviceId)) {
            if (settings.cudaMemoryLimitBytes() > 0) {
                cuda.add("gpu_mem_limit", Long.toString(settings.cudaMemoryLimitBytes()));
            }
            cuda.add("arena_extend_strategy", settings.cudaArenaExtendStrategy());
            cuda.add("cudnn_conv_algo_search", settings.cudnnConvAlgoSearch());
            options.addCUDA(cuda);
        }
    }

    /**
     * New ONNX Runtime session options for this device; the caller closes them once the session exists.
     *
     * @param intraOpThreads threads per inference, 0 for ONNX Runtime's default
     */
    OrtSession.SessionOptions sessionOptions(int intraOpThreads, Optimization optimization) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(switch (optimization) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setCPUArenaAllocator(settings.cpuArena());
            options.addConfigEntry("session.intra_op.allow_spinning", settings.cpuSpinning() ? "1" : "0");
            if (cudaDeviceId >= 0) {
                addCuda(options, cudaDeviceId, settings);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** The device that runs: {@code cpu} after a fallback. */
    String active() {
        return active;
    }

    DeviceQueue queue() {
        return queue;
    }

    DeviceStatus status() {
        return new DeviceStatus(name, requested, active, fallbackReason, queue.maxConcurrent(), queue.queueLimit(),
                queue.running(), queue.waiting(), queue.rejected());
    }
}
