package org.alphaclip.core.internal.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.InvalidModelException;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.model.Preprocessing;
import org.alphaclip.core.internal.command.AlphaClipCommands;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gogo command arguments as a whole: any argument list given to {@code alphaclip:encode}, {@code classify},
 * {@code overlay}, {@code tokenize} or {@code models} goes through Gogo's own option binding
 * ({@link Reflective#invoke}, what the shell runs) into the real {@link AlphaClipCommands}. The only outcomes
 * allowed are: the arguments are accepted (the command reaches the encoder, a stand-in that stops there, so
 * nothing is encoded or written), or a refusal the shell shows as one clear line ({@code Error: <message>}):
 * an {@link IllegalArgumentException} (Gogo's "Cannot coerce" included, not a bare
 * {@link NumberFormatException}), an {@link InvalidPathException} or a project exception ({@code org.alphaclip.*}),
 * with a non-empty message on one line. Never a {@link NullPointerException}, an index, number-format or
 * other runtime exception.
 *
 * <p>The input is UTF-8 text, one argument per line: the first line names the command (else one is chosen
 * from its hash), the other lines are its arguments; a command line has no line breaks, so neither do they.
 * The committed corpus is readable ({@code GogoArgumentsFuzzTestInputs/alphaclipCommands/}).
 */
class GogoArgumentsFuzzTest {

    static final List<String> FUNCTIONS = List.of("encode", "classify", "overlay", "tokenize", "models");

    /** Thrown by the stand-in encoder: the command parsed all its arguments and went on to the model. */
    static final class Accepted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Accepted() {
            super("arguments accepted", null, false, false);
        }
    }

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

    /** Every image is a 64x48 picture, every mask a 40x30 one: no file is read. */
    private static final ImageReader IMAGES = new ImageReader() {
        @Override
        public RgbImage readImage(Path file) {
            return new RgbImage(64, 48, new byte[64 * 48 * 3], null);
        }

        @Override
        public GrayImage readMask(Path file) {
            return new GrayImage(40, 30, new byte[40 * 30]);
        }

        @Override
        public long maxPixels() {
            return 1L << 26;
        }
    };

    private static final AlphaClipCommands COMMANDS = new AlphaClipCommands(context(), MODELS, IMAGES);
    private static final CommandSession SESSION = new CommandProcessorImpl()
            .createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());

    /** A bundle context whose only service is an encoder that stops every call with {@link Accepted}. */
    private static BundleContext context() {
        ClassLoader loader = GogoArgumentsFuzzTest.class.getClassLoader();
        InvocationHandler stop = (proxy, method, args) -> {
            throw new Accepted();
        };
        AlphaClipEncoder encoder = (AlphaClipEncoder) Proxy.newProxyInstance(loader, new Class<?>[] {AlphaClipEncoder.class}, stop);
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(loader,
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getServiceReferences" -> List.of(reference);
                    case "getService" -> encoder;
                    case "ungetService" -> true;
                    default -> throw new UnsupportedOperationException("BundleContext." + method.getName());
                });
    }

    @FuzzTest(maxDuration = "2m")
    void alphaclipCommands(byte[] input) {
        List<String> lines = lines(input);
        String function = FUNCTIONS.contains(lines.get(0)) ? lines.get(0)
                : FUNCTIONS.get(Math.floorMod(lines.get(0).hashCode(), FUNCTIONS.size()));
        List<Object> arguments = new ArrayList<>(lines.subList(1, lines.size()));
        try {
            Reflective.invoke(SESSION, COMMANDS, function, arguments);
        } catch (Exception e) {
            checkRefusal(e, "alphaclip:" + function, arguments);
        }
    }

    /** The input as UTF-8 lines (malformed bytes become U+FFFD); at least one line. */
    static List<String> lines(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        return new ArrayList<>(List.of(text.split("\r\n|\r|\n", -1)));
    }

    /** Fails unless the exception is {@link Accepted} or a refusal the shell shows as one clear line. */
    static void checkRefusal(Exception failure, String command, List<Object> arguments) {
        Throwable cause = failure;
        while (cause instanceof InvocationTargetException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Accepted) {
            return;
        }
        boolean clearType = cause.getClass() == IllegalArgumentException.class || cause instanceof InvalidPathException
                || cause.getClass().getName().startsWith("org.alphaclip.");
        String message = cause.getMessage();
        if (!clearType || message == null || message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError(command + " " + arguments + " failed with " + cause.getClass().getName() + ": " + message
                    + " (expected a one-line IllegalArgumentException or project exception)", cause);
        }
    }
}
