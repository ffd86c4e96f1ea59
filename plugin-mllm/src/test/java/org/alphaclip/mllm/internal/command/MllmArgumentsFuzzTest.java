package org.alphaclip.mllm.internal.command;

import java.lang.reflect.Proxy;
import java.util.List;

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.mllm.MultimodalModels;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.alphaclip.world.internal.Renderers;
import org.apache.felix.gogo.runtime.Reflective;
import org.osgi.framework.BundleContext;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gogo command arguments as a whole for {@code mllm:ask}, {@code mllm:caption} and {@code mllm:chat}: any argument
 * list goes through Gogo's option binding ({@link Reflective#invoke}, what the shell runs) into the real
 * {@link MllmCommands}. Allowed outcomes ({@link CommandFuzzing}): the arguments are accepted (the command reaches
 * the opening of the package, a stand-in that stops there), or a refusal the shell shows as one clear line. Folders
 * and mask files named by the arguments are really looked at (relative to the module folder); images are blank
 * stand-ins. The application has no model folders here, so {@code --model} must name a folder.
 *
 * <p>The first line of an input names the command ({@code ask}, {@code caption}, {@code chat} or {@code eval}; else one is chosen
 * from its hash), the other lines are its arguments.
 */
class MllmArgumentsFuzzTest {

    private static final List<String> FUNCTIONS = List.of("ask", "caption", "chat", "eval");

    private static final MllmCommands COMMANDS = new MllmCommands(CommandFuzzing.defaults(BundleContext.class),
            CommandFuzzing.defaults(MllmCommands.Config.class), acceptingModels(), CommandFuzzing.unused(AlphaClipEncoders.class), CommandFuzzing.blankImages(64, 48),
            Renderers.NAMES.stream().map(Renderers::generator).toList(), CommandFuzzing.unused(ProgressReporting.class));

    /** Model packages whose opening is an acceptance: the command got as far as the package. */
    private static MultimodalModels acceptingModels() {
        return (MultimodalModels) Proxy.newProxyInstance(MultimodalModels.class.getClassLoader(),
                new Class<?>[] {MultimodalModels.class}, (proxy, method, args) -> {
                    throw new CommandFuzzing.Accepted();
                });
    }

    @FuzzTest(maxDuration = "2m")
    void mllmCommands(byte[] input) {
        CommandFuzzing.run(COMMANDS, "mllm", FUNCTIONS, input);
    }
}
