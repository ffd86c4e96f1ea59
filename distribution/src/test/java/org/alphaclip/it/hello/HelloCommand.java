package org.alphaclip.it.hello;

import org.osgi.service.component.annotations.Component;

/** A minimal task bundle for hot-deploy tests: one Gogo command, {@code hello:greet}. */
@Component(service = HelloCommand.class, property = {"osgi.command.scope=hello", "osgi.command.function=greet"})
public final class HelloCommand {

    /** Returns a greeting. */
    public String greet() {
        return "hello from the plugin";
    }
}
