package org.alphaclip.ovd.internal.fuzz;

import java.lang.reflect.Proxy;
import java.util.List;

import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposers;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.proposal.ProposalResult;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.ovd.internal.OvdCommands;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.apache.felix.gogo.runtime.Reflective;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gogo command arguments as a whole for {@code ovd:mine}, {@code ovd:classifier}, {@code ovd:classify} and
 * {@code ovd:evaluate}: any argument list goes through Gogo's option binding ({@link Reflective#invoke}, what
 * the shell runs) into the real {@link OvdCommands}. Allowed outcomes ({@link CommandFuzzing}): the arguments
 * are accepted (the command reaches the encoder lease or a mask proposal, stand-ins that stop there, so nothing
 * is mined or written; {@code ovd:evaluate} needs no model and runs to the end), or a refusal the shell shows
 * as one clear line. Files named by the arguments are really read (relative to the module folder); images are
 * blank stand-ins.
 *
 * <p>The first line of an input names the command ({@code mine}, {@code classifier}, {@code classify} or
 * {@code evaluate}; else one is chosen from its hash), the other lines are its arguments.
 */
class OvdArgumentsFuzzTest {

    private static final List<String> FUNCTIONS = List.of("mine", "classifier", "classify", "evaluate");

    private static final OvdCommands COMMANDS = commands();

    /** The commands over a bundle context that knows only its bundle's version. */
    private static OvdCommands commands() {
        ClassLoader loader = OvdArgumentsFuzzTest.class.getClassLoader();
        Bundle bundle = (Bundle) Proxy.newProxyInstance(loader, new Class<?>[] {Bundle.class}, (proxy, method, args) -> {
            if (method.getName().equals("getVersion")) {
                return new Version(1, 0, 0);
            }
            throw new UnsupportedOperationException("Bundle." + method.getName());
        });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle")) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException("BundleContext." + method.getName());
                });
        return new OvdCommands(context, CommandFuzzing.defaults(OvdCommands.Config.class), CommandFuzzing.acceptingEncoders(),
                CommandFuzzing.unused(ZeroShotClassifiers.class), acceptingProposers(), CommandFuzzing.blankImages(64, 48),
                CommandFuzzing.unused(ProgressReporting.class));
    }

    /** Installed proposers where every proposal is an acceptance: the command got as far as asking for masks. */
    private static MaskProposers acceptingProposers() {
        return new MaskProposers() {
            @Override
            public List<String> names() {
                return List.of("sam", "segmentation", "boxes", "world");
            }

            @Override
            public List<String> fallbackNames() {
                return List.of("sam", "segmentation", "boxes");
            }

            @Override
            public ProposalResult propose(String proposer, RgbImage image, ProposalRequest request) {
                throw new CommandFuzzing.Accepted();
            }
        };
    }

    @FuzzTest(maxDuration = "2m")
    void ovdCommands(byte[] input) {
        CommandFuzzing.run(COMMANDS, "ovd", FUNCTIONS, input);
    }
}
