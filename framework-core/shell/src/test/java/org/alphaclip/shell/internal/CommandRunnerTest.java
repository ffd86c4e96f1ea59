package org.alphaclip.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What the shell prints for a failing command line, through the real Gogo runtime: an unknown command gets
 * one line with similar commands, a wrong argument type one line pointing at {@code help <command>}, a
 * command's own refusal one line with its message; never a stack trace.
 */
class CommandRunnerTest {

    /** A command scope {@code demo} with {@code level <int>}, {@code greet <name>} and {@code top --count <int> --share <double>}. */
    public static final class Demo {
        public String top(@Parameter(names = "--count", absentValue = "5") int count,
                @Parameter(names = "--share", absentValue = "0.5") double share,
                @Parameter(names = "--verbose", presentValue = "true", absentValue = "false") boolean verbose) {
            return "top " + count + " " + share;
        }

        public String level(int level) {
            return "level " + level;
        }

        public String greet(String name) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("Give a name to greet");
            }
            return "hello " + name;
        }
    }

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CommandRunner runner;

    @BeforeEach
    void setUp() {
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        Demo demo = new Demo();
        processor.addCommand("demo", demo, "level");
        processor.addCommand("demo", demo, "greet");
        processor.addCommand("demo", demo, "top");
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err);
        runner = new CommandRunner(session, new CommandCatalog(registering(Map.of("demo", new String[] {"level", "greet", "top"}), demo), 0),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        threadIO.stop();
    }

    /** A bundle context whose service registry holds one command service per scope. */
    private static BundleContext registering(Map<String, String[]> scopes, Object service) {
        ServiceReference<?>[] refs = scopes.entrySet().stream().map(e -> (ServiceReference<?>) Proxy.newProxyInstance(
                CommandRunnerTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> switch ((String) args[0]) {
                        case "osgi.command.scope" -> e.getKey();
                        case "osgi.command.function" -> e.getValue();
                        default -> null;
                    };
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                })).toArray(ServiceReference<?>[]::new);
        return (BundleContext) Proxy.newProxyInstance(CommandRunnerTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getAllServiceReferences":
                            String filter = (String) args[1];
                            return filter.equals("(osgi.command.function=*)") ? refs
                                    : Arrays.stream(refs).filter(r -> Arrays.stream((String[]) r.getProperty("osgi.command.function"))
                                            .anyMatch(f -> filter.equals("(osgi.command.function=" + f + ")")))
                                            .toArray(ServiceReference<?>[]::new);
                        case "getService":
                            return service;
                        case "ungetService":
                            return true;
                        default:
                            break;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWorkingLinePrintsItsResult() {
        assertTrue(runner.run("demo:level 3"));
        assertEquals("level 3", out.toString(StandardCharsets.UTF_8).strip());
        assertEquals("", errors());
    }

    @Test
    void unknownCommandGetsOneLineWithSimilarCommands() {
        assertFalse(runner.run("demo:levle 3"));
        assertEquals("Error: unknown command 'demo:levle'. Similar commands: demo:level.", errors().strip());
        err.reset();
        assertFalse(runner.run("demo:frobnicate"));
        assertEquals("Error: unknown command 'demo:frobnicate'. Similar commands: demo:greet, demo:level, demo:top.", errors().strip());
    }

    @Test
    void wrongArgumentTypeSaysWhereTheArgumentsAreDescribed() {
        assertFalse(runner.run("demo:level notanumber"));
        String line = errors().strip();
        assertTrue(line.startsWith("Error: Cannot coerce level(Token) to any of [(int)]"), line);
        assertTrue(line.endsWith(". Type 'help demo:level' for the arguments it takes."), line);
        assertEquals(1, line.lines().count(), line);
        assertFalse(line.contains("\tat "), line);
    }

    @Test
    void aWordWhereANumberBelongsNamesTheOption() {
        assertFalse(runner.run("demo:top --count five"));
        assertEquals("Error: --count expects a whole number, got 'five'. Type 'help demo:top' for the arguments it takes.",
                errors().strip());
        err.reset();
        assertFalse(runner.run("top --verbose --share 'a lot'"));
        assertEquals("Error: --share expects a number, got 'a lot'. Type 'help top' for the arguments it takes.",
                errors().strip());
        err.reset();
        assertFalse(runner.run("demo:top --count"));
        assertEquals("Error: Missing value after --count. Type 'help demo:top' for the arguments it takes.", errors().strip());
    }

    @Test
    void typedOptionsReachTheCommandAsNumbers() {
        assertTrue(runner.run("demo:top --share 0.25 --count 7"));
        assertEquals("top 7 0.25", out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void aCommandsOwnRefusalIsItsMessage() {
        assertFalse(runner.run("demo:greet ' '"));
        assertEquals("Error: Give a name to greet", errors().strip());
    }
}
