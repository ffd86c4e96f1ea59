package org.alphaclip.sdk.testing;

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

import org.alphaclip.api.AlphaClipEncoders;
import org.alphaclip.api.EncoderLease;
import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.ImageReader;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.model.ModelInfo;
import org.alphaclip.api.model.ModelPackages;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.Reflective;
import org.apache.felix.service.command.CommandSession;

/**
 * The harness of the Gogo argument fuzz targets: an input becomes one command call through Gogo's own option
 * binding ({@link Reflective#invoke}, what the shell runs) into a real command object, and the outcome must be
 * either acceptance (the command reached a stand-in that throws {@link Accepted}) or a refusal the shell shows
 * as one clear line: an {@link IllegalArgumentException} (not a bare {@link NumberFormatException}), an
 * {@link InvalidPathException}, an {@link IOException} naming the file (a {@link FileSystemException} only with
 * its reason; a bare {@code NoSuchFileException}'s message is just the path), or a project exception
 * ({@code org.alphaclip.*}), with a non-empty message on one line.
 *
 * <p>An input is UTF-8 text, one argument per line (malformed bytes become U+FFFD); the first line names the
 * function, else one is chosen from its hash. Arguments naming device or process files ({@code /dev},
 * {@code /proc}, {@code /sys}) are skipped, since reading them may never end.
 */
public final class CommandFuzzing {

    private static final CommandSession SESSION = new CommandProcessorImpl()
            .createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());

    private CommandFuzzing() {
    }

    /** Thrown by stand-ins where a command goes on to real work: it parsed all its arguments. */
    public static final class Accepted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The one message every acceptance carries. */
        public Accepted() {
            super("arguments accepted", null, false, false);
        }
    }

    /** Runs one fuzz input against {@code commands}, whose functions are {@code scope:function}. */
    public static void run(Object commands, String scope, List<String> functions, byte[] input) {
        List<String> lines = new ArrayList<>(List.of(new String(input, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1)));
        String function = functions.contains(lines.get(0)) ? lines.get(0)
                : functions.get(Math.floorMod(lines.get(0).hashCode(), functions.size()));
        List<Object> arguments = new ArrayList<>(lines.subList(1, lines.size()));
        for (Object argument : arguments) {
            String text = (String) argument;
            if (text.contains("/dev") || text.contains("/proc") || text.contains("/sys")) {
                return;
            }
        }
        try {
            Reflective.invoke(SESSION, commands, function, arguments);
        } catch (Exception e) {
            checkRefusal(e, scope + ":" + function, arguments);
        }
    }

    /** Fails unless the exception is {@link Accepted} or a refusal the shell shows as one clear line. */
    public static void checkRefusal(Exception failure, String command, List<Object> arguments) {
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

    /** Encoder lookups where every lease is an acceptance: the command got as far as choosing a model. */
    public static AlphaClipEncoders acceptingEncoders() {
        return new AlphaClipEncoders() {
            @Override
            public EncoderLease lease(String model) {
                throw new Accepted();
            }

            @Override
            public EncoderLease lease(List<String> models) {
                throw new Accepted();
            }
        };
    }

    /** Model packages where every lookup is an acceptance: the command got as far as choosing a model. */
    public static ModelPackages acceptingModels() {
        return new ModelPackages() {
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
    }

    /** An image reader that reads no file: every image is a blank 64x48 picture and every mask a blank mask of the given size. */
    public static ImageReader blankImages(int maskWidth, int maskHeight) {
        return new ImageReader() {
            @Override
            public RgbImage readImage(Path file) {
                return new RgbImage(64, 48, new byte[64 * 48 * 3], null);
            }

            @Override
            public GrayImage readMask(Path file) {
                return new GrayImage(maskWidth, maskHeight, new byte[maskWidth * maskHeight]);
            }

            @Override
            public long maxPixels() {
                return 1L << 26;
            }
        };
    }

    /** A stand-in for an interface (a typed configuration, say) that answers every method with its default value. */
    public static <T> T defaults(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getDefaultValue()));
    }

    /** A stand-in for an interface whose every method fails: the command must not have reached it. */
    public static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
        }));
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
