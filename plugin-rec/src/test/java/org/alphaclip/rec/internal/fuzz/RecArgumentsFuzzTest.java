package org.alphaclip.rec.internal.fuzz;

import java.io.IOException;
import java.util.List;

import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.rec.internal.RecCommands;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.apache.felix.gogo.runtime.Reflective;
import org.osgi.framework.BundleContext;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gogo command arguments as a whole for {@code rec:locate} and {@code rec:eval}: any argument list goes
 * through Gogo's option binding ({@link Reflective#invoke}, what the shell runs) into the real
 * {@link RecCommands}. Allowed outcomes ({@link CommandFuzzing}): the arguments are accepted (the command
 * reaches the encoder lease, a stand-in that stops there, so nothing is scored or written), or a refusal the
 * shell shows as one clear line. Files named by the arguments are really read (relative to the module
 * folder); images are blank stand-ins (image decoding has its own fuzz targets).
 *
 * <p>The first line of an input names the command ({@code locate} or {@code eval}; else one is chosen from
 * its hash), the other lines are its arguments.
 */
class RecArgumentsFuzzTest {

    private static final List<String> FUNCTIONS = List.of("locate", "eval");

    private static final RecCommands COMMANDS = commands();

    private static RecCommands commands() {
        try {
            return new RecCommands(CommandFuzzing.unused(BundleContext.class), CommandFuzzing.defaults(RecCommands.Config.class),
                    CommandFuzzing.acceptingEncoders(), CommandFuzzing.unused(ZeroShotClassifiers.class),
                    CommandFuzzing.unused(MaskProposers.class), CommandFuzzing.blankImages(64, 48),
                    CommandFuzzing.unused(ProgressReporting.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void recCommands(byte[] input) {
        CommandFuzzing.run(COMMANDS, "rec", FUNCTIONS, input);
    }
}
