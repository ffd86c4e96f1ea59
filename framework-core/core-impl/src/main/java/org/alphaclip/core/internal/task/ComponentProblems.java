package org.alphaclip.core.internal.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Why the declarative services components of a bundle do not run, as the Service Component Runtime
 * ({@code scr:info}) knows it: a component waiting for a service (which reference, which interface, which
 * target filter), one whose activation failed (with the exception), one waiting for its configuration.
 */
final class ComponentProblems {

    private ComponentProblems() {
    }

    /** One sentence per problem of the bundle's components; empty when none has one. */
    static List<String> of(ServiceComponentRuntime runtime, Bundle bundle) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                switch (configuration.state) {
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                        for (UnsatisfiedReferenceDTO missing : configuration.unsatisfiedReferences) {
                            problems.add("component " + description.name + " has no " + interfaceOf(description, missing.name)
                                    + " service for its reference '" + missing.name + "'"
                                    + (missing.target == null ? "" : " with target " + missing.target));
                        }
                    }
                    case ComponentConfigurationDTO.FAILED_ACTIVATION -> problems.add("component " + description.name
                            + " failed to activate: " + cause(configuration.failure));
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> problems.add("component " + description.name
                            + " waits for its configuration " + String.join(", ", description.configurationPid));
                    default -> {
                        // satisfied or active: nothing to explain
                    }
                }
            }
        }
        return problems;
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        return Arrays.stream(description.references).filter(r -> r.name.equals(reference)).map((ReferenceDTO r) -> r.interfaceName)
                .findFirst().orElse("matching");
    }

    /** The innermost cause of a failure the runtime recorded as a stack trace: its last "Caused by", else its first line. */
    private static String cause(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason recorded";
        }
        int causedBy = failure.lastIndexOf("Caused by: ");
        String from = causedBy >= 0 ? failure.substring(causedBy + "Caused by: ".length()) : failure.strip();
        int end = from.indexOf('\n');
        return (end < 0 ? from : from.substring(0, end)).strip();
    }
}
