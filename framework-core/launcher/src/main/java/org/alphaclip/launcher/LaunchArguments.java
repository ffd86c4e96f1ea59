package org.alphaclip.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the user asked the launcher for: the interactive shell, one command line, or a script file.
 *
 * @param mode how the shell runs
 * @param command the command line ({@link Mode#COMMAND}) or the script path ({@link Mode#SCRIPT})
 */
record LaunchArguments(Mode mode, String command) {

    /** How the shell runs. */
    enum Mode {
        /** The interactive shell on the terminal. */
        INTERACTIVE,
        /** One command line, then exit. */
        COMMAND,
        /** A script file of command lines, then exit. */
        SCRIPT,
        /** Print usage and exit. */
        HELP
    }

    static final String USAGE = """
            Usage: alphaclip                      start the interactive shell
                   alphaclip -c "<command line>"  run one command line, print its result, exit
                   alphaclip <script-file>        run a file of command lines, exit at the first failure
                   alphaclip --help               show this help
            Exit status: 0 on success, 1 when a command failed, 2 for wrong launcher arguments.""";

    /**
     * Parses the launcher's arguments.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong and what would be right
     */
    static LaunchArguments parse(List<String> args) {
        if (args.isEmpty()) {
            return new LaunchArguments(Mode.INTERACTIVE, null);
        }
        String first = args.get(0);
        if (first.equals("--help") || first.equals("-h")) {
            return new LaunchArguments(Mode.HELP, null);
        }
        if (first.equals("-c")) {
            if (args.size() != 2 || args.get(1).isBlank()) {
                throw new IllegalArgumentException(
                        "-c takes exactly one argument, the command line in quotes, e.g. -c \"alphaclip:models\"");
            }
            return new LaunchArguments(Mode.COMMAND, args.get(1));
        }
        if (first.startsWith("-")) {
            throw new IllegalArgumentException("Unknown option '" + first + "'; expected -c \"<command line>\", a script file or --help");
        }
        if (args.size() > 1) {
            throw new IllegalArgumentException("Expected one script file, got " + args.size() + " arguments; quote a command line with -c");
        }
        Path script = Path.of(first);
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("Script file '" + first + "' does not exist; to run a command use -c \"" + first + "\"");
        }
        return new LaunchArguments(Mode.SCRIPT, script.toAbsolutePath().toString());
    }
}
