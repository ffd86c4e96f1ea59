package org.alphaclip.core.internal.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.alphaclip.api.ZeroShotClassifiers;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.core.internal.command.AlphaClipCommands;
import org.alphaclip.sdk.testing.CommandFuzzing;
import org.apache.felix.gogo.runtime.Reflective;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gogo command arguments as a whole: any argument list given to {@code alphaclip:encode}, {@code classify},
 * {@code overlay}, {@code tokenize} or {@code models} goes through Gogo's own option binding
 * ({@link Reflective#invoke}, what the shell runs) into the real {@link AlphaClipCommands}. Allowed outcomes
 * ({@link CommandFuzzing}): the arguments are accepted (the command reaches the encoder lease, a stand-in that
 * stops there, so nothing is encoded or written), or a refusal the shell shows as one clear line
 * ({@code Error: <message>}), Gogo's "Cannot coerce" included. Images and masks are blank stand-ins, so no
 * file is read. The committed corpus is readable ({@code GogoArgumentsFuzzTestInputs/alphaclipCommands/}).
 */
class GogoArgumentsFuzzTest {

    static final List<String> FUNCTIONS = List.of("encode", "classify", "overlay", "tokenize", "models");

    private static final Preprocessing PREPROCESSING = new Preprocessing(32, "shortest-side", "bicubic", "center",
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}, 0.5f, 0.26f);
    private static final ModelInfo MODEL = new ModelInfo("m", "a stand-in", Path.of("m"), 8,
            new ModelInfo.VisionTower(32, 16, 8, 2, 2), new ModelInfo.TextTower(77, 49408, 8, 2, 2), PREPROCESSING, 100,
            List.of("a photo of a {}."), new ModelInfo.TokenizerSpec("clip-bpe", "basic", "<|startoftext|>", "<|endoftext|>"));

    private static final ModelPackages MODELS = new ModelPackages() {
        @Override
        public List<ModelInfo> list() {
            return List.of(MODEL);
        }

        @Override
        public Optional<ModelInfo> find(String name) {
            return "m".equals(name) ? Optional.of(MODEL) : Optional.empty();
        }

        @Override
        public ModelInfo defaultModel() {
            return MODEL;
        }

        @Override
        public ModelInfo resolve(String nameOrFolder) throws InvalidModelException {
            if ("m".equals(nameOrFolder)) {
                return MODEL;
            }
            throw new InvalidModelException("No model package named '" + nameOrFolder + "' and no such folder; known: [m]");
        }

        @Override
        public ModelInfo inspect(Path folder) throws InvalidModelException {
            throw new InvalidModelException("not used");
        }
    };

    private static final AlphaClipCommands COMMANDS = new AlphaClipCommands(MODELS, CommandFuzzing.blankImages(40, 30),
            CommandFuzzing.acceptingEncoders(), CommandFuzzing.unused(ZeroShotClassifiers.class));

    @FuzzTest(maxDuration = "2m")
    void alphaclipCommands(byte[] input) {
        CommandFuzzing.run(COMMANDS, "alphaclip", FUNCTIONS, input);
    }
}
