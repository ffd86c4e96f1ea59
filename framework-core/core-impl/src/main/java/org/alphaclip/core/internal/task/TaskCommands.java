package org.alphaclip.core.internal.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * {@code alphaclip:tasks} lists the task bundles (running, broken, failing to resolve, waiting for a
 * service or kept stopped as an older version, with the reason); {@code alphaclip:install} installs or
 * updates a task bundle from a jar or the local Maven repository; {@code alphaclip:uninstall} removes one
 * by symbolic name or bundle id.
 */
@Component(service = TaskCommands.class, property = {"osgi.command.scope=alphaclip", "osgi.command.function=tasks",
        "osgi.command.function=install", "osgi.command.function=uninstall"})
public final class TaskCommands {

    private final BundleContext context;
    private final ServiceComponentRuntime components;
    private final List<ServiceReference<Task>> tasks = new CopyOnWriteArrayList<>();

    /** Commands over the framework's bundles and their declarative services components. */
    @Activate
    public TaskCommands(BundleContext context, @Reference ServiceComponentRuntime components) {
        this.context = context;
        this.components = components;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTask(ServiceReference<Task> task) {
        tasks.add(task);
    }

    void removeTask(ServiceReference<Task> task) {
        tasks.remove(task);
    }

    /** One task bundle as listed. */
    public record TaskRow(String name, String version, String bundle, String state, String commands, String detail) {
    }

    /** The task list, printed as a table. */
    public record TaskList(List<TaskRow> rows) {
        @Override
        public String toString() {
            if (rows.isEmpty()) {
                return "No task bundles installed (drop one into plugins/ or use alphaclip:install)";
            }
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"TASK", "VERSION", "BUNDLE", "STATE", "COMMANDS", "DETAIL"});
            rows.forEach(r -> cells.add(new String[] {r.name(), r.version(), r.bundle(), r.state(), r.commands(), r.detail()}));
            int[] widths = new int[6];
            cells.forEach(c -> {
                for (int i = 0; i < 6; i++) {
                    widths[i] = Math.max(widths[i], c[i].length());
                }
            });
            return cells.stream().map(c -> {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < 6; i++) {
                    line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", c[i]));
                }
                return line.toString().stripTrailing();
            }).collect(Collectors.joining(System.lineSeparator()));
        }
    }

    @Descriptor("List task bundles: their commands, state, and why a broken one does not run")
    public TaskList tasks() {
        Map<Long, DuplicateBundles.Superseded> superseded = new HashMap<>();
        DuplicateBundles.find(Arrays.stream(context.getBundles()).map(DuplicateBundles.Installed::of)
                .flatMap(Optional::stream).toList()).forEach(s -> superseded.put(s.older().id(), s));
        List<TaskRow> rows = new ArrayList<>();
        List<Long> reported = new ArrayList<>();
        for (ServiceReference<Task> ref : tasks) {
            Bundle bundle = ref.getBundle();
            if (bundle == null) {
                continue;
            }
            reported.add(bundle.getBundleId());
            rows.add(row(ref, bundle, superseded.get(bundle.getBundleId())));
        }
        for (Bundle bundle : context.getBundles()) {
            String header = bundle.getHeaders().get(Task.MANIFEST_HEADER);
            DuplicateBundles.Superseded older = superseded.get(bundle.getBundleId());
            if ((header != null || older != null) && !reported.contains(bundle.getBundleId())) {
                rows.add(new TaskRow(header != null ? header : "-", bundle.getVersion().toString(), bundleName(bundle),
                        state(bundle), "", older != null ? older.reason() : whyNotRunning(bundle)));
            }
        }
        return new TaskList(rows);
    }

    private TaskRow row(ServiceReference<Task> ref, Bundle bundle, DuplicateBundles.Superseded older) {
        Task task = context.getService(ref);
        if (task == null) {
            List<String> problems = ComponentProblems.of(components, bundle);
            return new TaskRow("?", "?", bundleName(bundle), state(bundle), "", "its Task service cannot be created"
                    + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
        }
        try {
            TaskInfo info = task.info();
            String detail = older != null ? older.reason()
                    : info.models().isEmpty() ? "" : "models: " + String.join(", ", info.models());
            return new TaskRow(info.name(), info.version(), bundleName(bundle), state(bundle),
                    String.join(", ", info.commands()), detail);
        } catch (RuntimeException | LinkageError e) {
            return new TaskRow("?", "?", bundleName(bundle), state(bundle), "", "info() failed: " + e);
        } finally {
            context.ungetService(ref);
        }
    }

    @Descriptor("Install (or update) a task bundle from a jar file or the local Maven repository, and start it")
    public String install(@Descriptor("a jar path, or Maven coordinates group:artifact:version (mvn: prefix optional)") String source)
            throws IOException, BundleException, InterruptedException {
        Path jar = locate(source);
        String symbolicName;
        String version;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            symbolicName = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            version = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        } catch (IOException e) {
            throw new IllegalArgumentException(jar + " is not a readable jar: " + e.getMessage());
        }
        if (symbolicName == null) {
            throw new IllegalArgumentException(jar + " is not an OSGi bundle (no Bundle-SymbolicName in its manifest)");
        }
        symbolicName = symbolicName.split(";")[0].strip();
        Bundle existing = find(symbolicName);
        Bundle bundle;
        String action;
        if (existing != null) {
            String before = existing.getVersion().toString();
            try (InputStream in = Files.newInputStream(jar)) {
                existing.update(in);
            }
            refresh(existing);
            bundle = existing;
            action = "Updated " + symbolicName + " from " + before + " to " + bundle.getVersion();
        } else {
            bundle = context.installBundle(jar.toUri().toString());
            action = "Installed " + symbolicName + " " + (version == null ? "0.0.0" : bundle.getVersion());
        }
        String result = action + " (bundle " + bundle.getBundleId() + ") from " + jar;
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
            try {
                bundle.start();
            } catch (BundleException e) {
                return result + System.lineSeparator() + "It is installed but does not start: " + e.getMessage()
                        + System.lineSeparator() + whyNotRunning(bundle);
            }
        }
        return result + "; state " + state(bundle);
    }

    @Descriptor("Stop and uninstall a bundle by symbolic name or bundle id")
    public String uninstall(@Descriptor("bundle symbolic name, or bundle id (alphaclip:tasks shows both)") String nameOrId)
            throws BundleException, InterruptedException {
        Bundle bundle = bundleNamed(nameOrId.strip());
        if (PlatformBundles.contains(bundle)) {
            throw new IllegalArgumentException(bundle.getSymbolicName() + " (bundle " + bundle.getBundleId()
                    + ") is part of the platform and cannot be uninstalled from the shell");
        }
        String name = bundle.getSymbolicName() + " " + bundle.getVersion();
        bundle.uninstall();
        refresh(bundle);
        return "Uninstalled " + name + " (bundle " + bundle.getBundleId() + ")";
    }

    /** The bundle with this id, or the one bundle with this symbolic name. */
    private Bundle bundleNamed(String nameOrId) {
        if (nameOrId.chars().allMatch(Character::isDigit) && !nameOrId.isEmpty()) {
            Bundle bundle = context.getBundle(Long.parseLong(nameOrId));
            if (bundle == null) {
                throw new IllegalArgumentException("No bundle with id " + nameOrId + "; alphaclip:tasks lists the task bundles");
            }
            return bundle;
        }
        List<Bundle> named = Arrays.stream(context.getBundles()).filter(b -> nameOrId.equals(b.getSymbolicName())).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("No bundle named " + nameOrId + "; alphaclip:tasks lists the task bundles");
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException(nameOrId + " is installed in " + named.size() + " versions ("
                    + named.stream().map(b -> b.getVersion() + " is bundle " + b.getBundleId()).collect(Collectors.joining(", "))
                    + "); give the id of the one to remove, e.g. alphaclip:uninstall " + named.get(0).getBundleId());
        }
        return named.get(0);
    }

    private Path locate(String source) {
        String coordinates = source.startsWith("mvn:") ? source.substring(4).replace('/', ':') : source;
        Path jar;
        if (!source.contains("/") && !source.endsWith(".jar") && coordinates.split(":").length == 3) {
            String[] gav = coordinates.split(":");
            String repository = System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
            jar = Path.of(repository, gav[0].replace('.', '/'), gav[1], gav[2], gav[1] + "-" + gav[2] + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("Maven artifact " + coordinates + " is not in the local repository (" + jar
                        + "); run 'mvn install' for it first");
            }
        } else if (source.startsWith("mvn:")) {
            throw new IllegalArgumentException("Maven coordinates must be group:artifact:version, got '" + source + "'");
        } else {
            jar = Path.of(source).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("No such jar file: " + jar);
            }
        }
        return jar;
    }

    private Bundle find(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        done.await(30, TimeUnit.SECONDS);
    }

    /**
     * Why a task bundle runs no task: its components' problems when it is active, the package requirements no
     * bundle provides when it is not resolved, else its state.
     */
    private String whyNotRunning(Bundle bundle) {
        if (bundle.getState() == Bundle.ACTIVE) {
            List<String> problems = ComponentProblems.of(components, bundle);
            return "active but publishes no Task service" + (problems.isEmpty() ? "" : ": " + String.join("; ", problems));
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision != null && revision.getWiring() == null) {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            List<String> missing = new ArrayList<>();
            for (BundleRequirement requirement : revision.getDeclaredRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
                if (!"optional".equals(requirement.getDirectives().get("resolution"))
                        && wiring.findProviders(requirement).isEmpty()) {
                    missing.add(requirement.getDirectives().getOrDefault("filter", requirement.toString()));
                }
            }
            return "not resolved; it needs " + (missing.isEmpty() ? "requirements no bundle provides"
                    : missing.stream().limit(5).collect(Collectors.joining(", ")));
        }
        return state(bundle).toLowerCase(Locale.ROOT);
    }

    private static String bundleName(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
