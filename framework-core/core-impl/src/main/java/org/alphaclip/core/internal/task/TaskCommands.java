package org.alphaclip.core.internal.task;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
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
 * updates a task bundle for good by putting its jar into {@code plugins/} ({@link PluginInstaller}), from a jar
 * path, a {@code file:} URL or the local Maven repository; {@code alphaclip:uninstall} removes one by symbolic
 * name or bundle id, deleting its jar from {@code plugins/}.
 */
@Component(service = TaskCommands.class, property = {"osgi.command.scope=alphaclip", "osgi.command.function=tasks",
        "osgi.command.function=install", "osgi.command.function=uninstall"})
public final class TaskCommands {

    /** Framework property: the application folder, whose plugins/ holds the installed task bundles. */
    static final String HOME = "alphaclip.home";
    /** Framework or system property: the local Maven repository {@code mvn:} sources are read from. */
    static final String MAVEN_REPO_LOCAL = "maven.repo.local";
    /** How long FileInstall (polling plugins/ every second) may take to act on a changed jar. */
    private static final Duration FILE_INSTALL_WAIT = Duration.ofSeconds(30);

    private final BundleContext context;
    private final ServiceComponentRuntime components;
    private final Duration fileInstallWait;
    private final List<ServiceReference<Task>> tasks = new CopyOnWriteArrayList<>();

    /** Commands over the framework's bundles and their declarative services components. */
    @Activate
    public TaskCommands(BundleContext context, @Reference ServiceComponentRuntime components) {
        this(context, components, FILE_INSTALL_WAIT);
    }

    /** As the component, with another limit on how long FileInstall may take (tests stand in for it). */
    TaskCommands(BundleContext context, ServiceComponentRuntime components, Duration fileInstallWait) {
        this.context = context;
        this.components = components;
        this.fileInstallWait = fileInstallWait;
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

    @Descriptor("Install (or update) a task bundle for good: its jar is copied into plugins/, which FileInstall installs"
            + " and starts now and at every start")
    public String install(@Descriptor("a jar path, a file: URL, or Maven coordinates mvn:group/artifact/version"
            + " (or group:artifact:version) from the local Maven repository") String source)
            throws IOException, BundleException, InterruptedException {
        BundleJar jar = BundleJar.read(BundleSource.locate(source, localRepository()));
        if (PlatformBundles.isPlatformName(jar.symbolicName())) {
            throw new IllegalArgumentException(jar.symbolicName() + " is part of the platform (bundles/): it comes with the"
                    + " application and is not installed as a task bundle");
        }
        PluginInstaller.Outcome outcome = installer().install(jar);
        Bundle bundle = outcome.bundle();
        String name = bundle.getSymbolicName() + " ";
        if (outcome.unchanged()) {
            return name + bundle.getVersion() + " (bundle " + bundle.getBundleId() + ") is already installed from "
                    + outcome.jar() + ", the same jar; state " + state(bundle);
        }
        String action = outcome.before() == null ? "Installed " + name + bundle.getVersion()
                : "Updated " + name + "from " + outcome.before() + " to " + bundle.getVersion();
        String result = action + " (bundle " + bundle.getBundleId() + ") from " + jar.jar() + " as " + outcome.jar();
        if (outcome.startProblem() != null) {
            return result + System.lineSeparator() + "It is installed but does not start: " + outcome.startProblem()
                    + System.lineSeparator() + whyNotRunning(bundle);
        }
        return result + "; state " + state(bundle);
    }

    @Descriptor("Stop and uninstall a bundle by symbolic name or bundle id; a task bundle's jar is deleted from plugins/,"
            + " so it does not come back at the next start")
    public String uninstall(@Descriptor("bundle symbolic name, or bundle id (alphaclip:tasks shows both)") String nameOrId)
            throws BundleException, InterruptedException {
        Bundle bundle = bundleNamed(nameOrId.strip());
        if (PlatformBundles.contains(bundle)) {
            throw new IllegalArgumentException(bundle.getSymbolicName() + " (bundle " + bundle.getBundleId()
                    + ") is part of the platform and cannot be uninstalled from the shell");
        }
        return installer().uninstall(bundle);
    }

    private PluginInstaller installer() {
        String home = context.getProperty(HOME);
        return new PluginInstaller(context, home == null || home.isBlank() ? null : PluginFolder.ofHome(home), fileInstallWait);
    }

    /** The local Maven repository of {@code mvn:} sources: {@code maven.repo.local} (framework or system property), settings.xml, ~/.m2/repository. */
    private Path localRepository() {
        String configured = context.getProperty(MAVEN_REPO_LOCAL);
        return BundleSource.localRepository(configured != null ? configured : System.getProperty(MAVEN_REPO_LOCAL),
                Path.of(System.getProperty("user.home")));
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
