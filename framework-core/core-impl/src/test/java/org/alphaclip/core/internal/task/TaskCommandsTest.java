package org.alphaclip.core.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alphaclip.api.task.Task;
import org.alphaclip.api.task.TaskInfo;
import org.alphaclip.core.internal.task.FakeFramework.FakeBundle;
import org.alphaclip.core.internal.task.TaskCommands.TaskRow;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** {@code alphaclip:tasks} and {@code alphaclip:uninstall} over stand-in bundles and a stand-in component runtime. */
class TaskCommandsTest {

    private final FakeFramework framework = new FakeFramework();
    /** Each bundle's component descriptions with their configurations. */
    private final Map<Long, Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>>> components = new HashMap<>();
    private final ServiceComponentRuntime runtime = FakeFramework.proxy(ServiceComponentRuntime.class, (p, m, a) -> switch (m.getName()) {
        case "getComponentDescriptionDTOs" -> components.getOrDefault(((Bundle[]) a[0])[0].getBundleId(), Map.of()).keySet();
        case "getComponentConfigurationDTOs" -> components.values().stream().map(c -> c.get(a[0])).filter(c -> c != null)
                .findFirst().orElse(List.of());
        default -> throw new UnsupportedOperationException("ServiceComponentRuntime." + m.getName());
    });
    private final TaskCommands commands = new TaskCommands(framework.context, runtime);

    private FakeBundle taskBundle(long id, String name, String version) {
        return framework.install(id, "org.example." + name, version, "file:/app/plugins/" + name + "-" + version + ".jar", false)
                .header(Task.MANIFEST_HEADER, name);
    }

    private void component(FakeBundle bundle, String name, ComponentConfigurationDTO configuration, ReferenceDTO... references) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.references = references;
        description.configurationPid = new String[] {name};
        components.computeIfAbsent(bundle.id, id -> new HashMap<>()).put(description, List.of(configuration));
    }

    private static ReferenceDTO reference(String name, String interfaceName) {
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = name;
        reference.interfaceName = interfaceName;
        return reference;
    }

    private TaskRow onlyRow() {
        List<TaskRow> rows = commands.tasks().rows();
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    @Test
    void anActiveTaskBundleWaitingForAServiceNamesTheMissingReference() {
        FakeBundle similar = taskBundle(30, "similar", "1.0.0");
        ComponentConfigurationDTO waiting = new ComponentConfigurationDTO();
        waiting.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        UnsatisfiedReferenceDTO encoders = new UnsatisfiedReferenceDTO();
        encoders.name = "encoders";
        UnsatisfiedReferenceDTO model = new UnsatisfiedReferenceDTO();
        model.name = "model";
        model.target = "(alphaclip.model=big)";
        waiting.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {encoders, model};
        component(similar, "org.example.similar.SimilarTask", waiting, reference("encoders", "org.alphaclip.api.AlphaClipEncoders"),
                reference("model", "org.alphaclip.api.AlphaClipEncoder"));

        assertEquals(new TaskRow("similar", "1.0.0", "org.example.similar 1.0.0", "ACTIVE", "", "active but publishes no Task"
                + " service: component org.example.similar.SimilarTask has no org.alphaclip.api.AlphaClipEncoders service for its"
                + " reference 'encoders'; component org.example.similar.SimilarTask has no org.alphaclip.api.AlphaClipEncoder"
                + " service for its reference 'model' with target (alphaclip.model=big)"), onlyRow());
    }

    @Test
    void aComponentThatFailedToActivateIsReportedWithItsCause() {
        FakeBundle similar = taskBundle(30, "similar", "1.0.0");
        ComponentConfigurationDTO failed = new ComponentConfigurationDTO();
        failed.state = ComponentConfigurationDTO.FAILED_ACTIVATION;
        failed.failure = "org.osgi.service.component.ComponentException: java.lang.IllegalStateException: no index\n"
                + "\tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)\n"
                + "Caused by: java.lang.IllegalStateException: no index\n\tat org.example.similar.SimilarTask.<init>(SimilarTask.java:40)\n";
        component(similar, "org.example.similar.SimilarTask", failed);

        assertEquals("active but publishes no Task service: component org.example.similar.SimilarTask failed to activate:"
                + " java.lang.IllegalStateException: no index", onlyRow().detail());
    }

    @Test
    void aTaskServiceThatCannotBeCreatedIsReportedWithTheComponentsFailure() {
        FakeBundle similar = taskBundle(30, "similar", "1.0.0");
        commands.addTask(framework.reference(similar));
        ComponentConfigurationDTO failed = new ComponentConfigurationDTO();
        failed.state = ComponentConfigurationDTO.FAILED_ACTIVATION;
        failed.failure = "java.lang.IllegalArgumentException: no labels file";
        component(similar, "org.example.similar.SimilarTask", failed);

        assertEquals(new TaskRow("?", "?", "org.example.similar 1.0.0", "ACTIVE", "", "its Task service cannot be created:"
                + " component org.example.similar.SimilarTask failed to activate: java.lang.IllegalArgumentException: no labels"
                + " file"), onlyRow());
    }

    @Test
    void aRunningTaskIsListedWithItsCommandsAndModels() {
        FakeBundle similar = taskBundle(30, "similar", "1.0.0");
        ServiceReference<Task> reference = framework.reference(similar);
        framework.services.put(reference, (Task) () -> new TaskInfo("similar-region", "1.0.0", "finds similar regions",
                List.of("similar:search"), List.of("alphaclip-shapes")));
        commands.addTask(reference);

        assertEquals(new TaskRow("similar-region", "1.0.0", "org.example.similar 1.0.0", "ACTIVE", "similar:search",
                "models: alphaclip-shapes"), onlyRow());
    }

    @Test
    void anActiveTaskBundleWithoutComponentProblemsSaysSo() {
        taskBundle(30, "similar", "1.0.0");

        assertEquals("active but publishes no Task service", onlyRow().detail());
    }

    @Test
    void theStoppedOlderVersionIsListedWithTheReason() {
        FakeBundle older = taskBundle(30, "similar", "1.0.0");
        older.state = Bundle.RESOLVED;
        framework.install(31, "org.example.similar", "1.1.0", "file:/app/plugins/similar-1.1.0.jar", false);

        TaskRow row = onlyRow();

        assertEquals(new TaskRow("similar", "1.0.0", "org.example.similar 1.0.0", "RESOLVED", "", "kept stopped:"
                + " org.example.similar 1.1.0 runs instead (bundle 31, /app/plugins/similar-1.1.0.jar); to remove this one,"
                + " delete its jar from plugins/ or run alphaclip:uninstall 30"), row);
    }

    @Test
    void aStoppedOlderVersionWithoutATaskHeaderIsListedToo() {
        framework.install(30, "org.example.tool", "1.0.0", "file:/app/plugins/tool-1.0.0.jar", false).state = Bundle.RESOLVED;
        framework.install(31, "org.example.tool", "1.1.0", "file:/app/plugins/tool-1.1.0.jar", false);

        assertEquals("-", onlyRow().name());
    }

    @Test
    void uninstallTakesABundleIdOrASymbolicName() throws Exception {
        FakeBundle similar = taskBundle(30, "similar", "1.0.0");
        FakeBundle other = taskBundle(31, "other", "2.0.0");

        assertEquals("Uninstalled org.example.similar 1.0.0 (bundle 30)", commands.uninstall("30"));
        assertEquals(Bundle.UNINSTALLED, similar.state);
        assertEquals("Uninstalled org.example.other 2.0.0 (bundle 31)", commands.uninstall("org.example.other"));
        assertEquals(Bundle.UNINSTALLED, other.state);
    }

    @Test
    void uninstallRefusesUnknownAmbiguousAndPlatformBundles() {
        taskBundle(30, "similar", "1.0.0");
        framework.install(31, "org.example.similar", "1.1.0", "file:/app/plugins/similar-1.1.0.jar", false);
        framework.install(2, "org.alphaclip.core", "0.2.0", "file:/app/bundles/core.jar", false);

        assertEquals("No bundle with id 99; alphaclip:tasks lists the task bundles", refusal("99"));
        assertEquals("No bundle named org.example.none; alphaclip:tasks lists the task bundles", refusal("org.example.none"));
        assertEquals("org.example.similar is installed in 2 versions (1.0.0 is bundle 30, 1.1.0 is bundle 31); give the id"
                + " of the one to remove, e.g. alphaclip:uninstall 30", refusal("org.example.similar"));
        assertEquals("org.alphaclip.core (bundle 2) is part of the platform and cannot be uninstalled from the shell",
                refusal("org.alphaclip.core"));
        assertEquals("org.eclipse.osgi (bundle 0) is part of the platform and cannot be uninstalled from the shell", refusal("0"));
    }

    private String refusal(String nameOrId) {
        return assertThrows(IllegalArgumentException.class, () -> commands.uninstall(nameOrId)).getMessage();
    }
}
