package org.alphaclip.diffusion.internal.schedule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The schedulers this runtime has, by the name users give ({@code --scheduler}) and diffusers' class name. */
public enum SchedulerKind {
    /** Pseudo numerical methods (PLMS steps), Stable Diffusion's default. */
    PNDM("pndm", "PNDMScheduler"),
    /** Denoising diffusion implicit models, deterministic (eta 0). */
    DDIM("ddim", "DDIMScheduler"),
    /** Euler's method on the Karras-style sigma schedule (no churn). */
    EULER("euler", "EulerDiscreteScheduler");

    private final String displayName;
    private final String className;

    SchedulerKind(String displayName, String className) {
        this.displayName = displayName;
        this.className = className;
    }

    /** The name users give, e.g. {@code pndm}. */
    public String displayName() {
        return displayName;
    }

    /** diffusers' class name, as {@code _class_name} of a scheduler config names it. */
    public String className() {
        return className;
    }

    /**
     * The scheduler a user's name or a class name means (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static SchedulerKind of(String name) {
        for (SchedulerKind kind : values()) {
            if (kind.displayName.equalsIgnoreCase(name) || kind.className.equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown scheduler '" + name + "': choose " + Arrays.stream(values())
                .map(k -> k.displayName).collect(Collectors.joining(", ")) + " (or a class name: "
                + Arrays.stream(values()).map(k -> k.className).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * A new scheduler of this kind reading the configuration (diffusers' {@code from_config}).
     *
     * @throws IllegalArgumentException naming the key when the configuration is invalid or asks for an option not
     *         supported here
     */
    public Scheduler create(SchedulerConfig config) {
        return switch (this) {
            case PNDM -> new PndmScheduler(config);
            case DDIM -> new DdimScheduler(config);
            case EULER -> new EulerScheduler(config);
        };
    }
}
