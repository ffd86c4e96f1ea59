package org.alphaclip.core.internal.torch;

import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Model;

/** One user's reference to a loaded TorchScript module; closing it releases the reference. */
public final class ModuleHandle implements AutoCloseable {

    private final TorchModules owner;
    private final TorchModules.LoadedModule module;
    private final String user;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModuleHandle(TorchModules owner, TorchModules.LoadedModule module, String user) {
        this.owner = owner;
        this.module = module;
        this.user = user;
    }

    /** The loaded model; fails once this handle is closed. */
    Model model() {
        if (closed.get()) {
            throw new IllegalStateException("The TorchScript module handle of " + module.file.getFileName()
                    + " is closed");
        }
        return module.model;
    }

    /** The device name the module runs on. */
    String device() {
        return TorchModules.deviceName(module.device);
    }

    /** Counts one run of {@code nanos}. */
    void record(long nanos) {
        module.record(nanos);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.release(module, user);
        }
    }
}
