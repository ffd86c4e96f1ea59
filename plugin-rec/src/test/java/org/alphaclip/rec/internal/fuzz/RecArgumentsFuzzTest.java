package org.alphaclip.rec.internal.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.alphaclip.api.task.ProgressReporting;
import org.alphaclip.rec.internal.RecCommands;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Gogo command arguments as a whole for {@code rec:locate} and {@code rec:eval}: any argument list goes
 * through Gogo's option binding ({@link Reflective#invoke}, what the shell runs) into the real
 * {@link RecCommands}. Allowed outcomes: the arguments are accepted (the command reaches the model lookup, a
 * stand-in that stops there, so nothing is scored or written), or a refusal the shell shows as one clear
 * line: an {@link IllegalArgumentException} (not a bare {@link NumberFormatException}), an
 * {@link InvalidPathException}, an {@link IOException} naming the file (a {@link FileSystemException} only
 * with its reason, {@code FILE: File name too long}; a bare {@code NoSuchFileException}'s message is just the
 * path), or a project exception, with a non-empty message on one line. Files named by the arguments are really read (relative to the module
 * folder); device and process files ({@code /dev}, {@code /proc}, {@code /sys}) are skipped, since reading
 * them may never end.
 *
 * <p>The input is UTF-8 text, one argument per line; the first line names the command ({@code locate} or
 * {@code eval}; else one is chosen from its hash).
 */
class RecArgumentsFuzzTest {

    private static final List<String> FUNCTIONS = List.of("locate", "eval");

    /** Thrown by the stand-in model packages: the command parsed all its arguments and went on to the model. */
    static final class Accepted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Accepted() {
            super("arguments accepted", null, false, false);
        }
    }

    private static final ModelPackages MODELS = new ModelPackages() {
        @Override
        public List<ModelInfo> list() {
            throw new Accepted();
        }

        @Override
        public Optional<ModelInfo> find(String name) {
            throw new Accepted();
        }

        @Override
        public ModelInfo defaultModel() {
            throw new Accepted();
        }

        @Override
        public ModelInfo resolve(String nameOrFolder) {
            throw new Accepted();
        }

        @Override
        public ModelInfo inspect(Path folder) {
            throw new Accepted();
        }
    };

    /** Every image is a 64x48 picture: image decoding has its own fuzz targets. */
    private static final ImageReader IMAGES = new ImageReader() {
        @Override
        public RgbImage readImage(Path file) {
            return new RgbImage(64, 48, new byte[64 * 48 * 3], null);
        }

        @Override
        public GrayImage readMask(Path file) {
            return new GrayImage(64, 48, new byte[64 * 48]);
        }

        @Override
        public long maxPixels() {
            return 1L << 26;
        }
    };

    private static final RecCommands COMMANDS = commands();
    private static final CommandSession SESSION = new CommandProcessorImpl()
            .createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());

    private static RecCommands commands() {
        ClassLoader loader = RecArgumentsFuzzTest.class.getClassLoader();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("BundleContext." + method.getName());
                });
        RecCommands.Config config = (RecCommands.Config) Proxy.newProxyInstance(loader, new Class<?>[] {RecCommands.Config.class},
                (proxy, method, args) -> method.getDefaultValue());
        ProgressReporting progress = (ProgressReporting) Proxy.newProxyInstance(loader, new Class<?>[] {ProgressReporting.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("ProgressReporting." + method.getName());
                });
        try {
            return new RecCommands(context, config, MODELS, IMAGES, progress);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void recCommands(byte[] input) {
        List<String> lines = new ArrayList<>(List.of(new String(input, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1)));
        String function = FUNCTIONS.contains(lines.get(0)) ? lines.get(0)
                : FUNCTIONS.get(Math.floorMod(lines.get(0).hashCode(), FUNCTIONS.size()));
        List<Object> arguments = new ArrayList<>(lines.subList(1, lines.size()));
        for (Object argument : arguments) {
            String text = (String) argument;
            if (text.contains("/dev") || text.contains("/proc") || text.contains("/sys")) {
                return;
            }
        }
        try {
            Reflective.invoke(SESSION, COMMANDS, function, arguments);
        } catch (Exception e) {
            checkRefusal(e, "rec:" + function, arguments);
        }
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
        String message = cause.getMessage();
        boolean clearType = cause.getClass() == IllegalArgumentException.class || cause instanceof InvalidPathException
                || cause.getClass().getName().startsWith("org.alphaclip.")
                || cause instanceof FileSystemException e && e.getFile() != null && e.getReason() != null
                || cause instanceof IOException && !(cause instanceof FileSystemException) && namesAFile(message, arguments);
        if (!clearType || message == null || message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError(command + " " + arguments + " failed with " + cause.getClass().getName() + ": " + message
                    + " (expected a one-line IllegalArgumentException, an IOException naming the file or a project exception)",
                    cause);
        }
    }

    /** Whether a file error names the file: one of the arguments, as given or as a path. */
    private static boolean namesAFile(String message, List<Object> arguments) {
        if (message == null) {
            return false;
        }
        for (Object argument : arguments) {
            String text = ((String) argument).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (message.contains(text)) {
                return true;
            }
            for (String part : text.split(",")) {
                try {
                    Path path = Path.of(part.strip());
                    if (!part.isBlank() && (message.contains(path.toString())
                            || path.getFileName() != null && message.contains(path.getFileName().toString()))) {
                        return true;
                    }
                } catch (InvalidPathException e) {
                    // not a path
                }
            }
        }
        return false;
    }
}
