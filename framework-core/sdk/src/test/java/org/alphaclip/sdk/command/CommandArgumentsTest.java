package org.alphaclip.sdk.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.Test;

/** Leftover arguments, repeated options, range checks, and the sentence for a value of the wrong type. */
class CommandArgumentsTest {

    /** A command with one option of each kind. */
    public static final class Commands {
        public String look(@Parameter(names = "--box", absentValue = "") String box,
                @Parameter(names = {"--top", "-t"}, absentValue = "5") int top,
                @Parameter(names = "--share", absentValue = "0.5") double share,
                @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json, String... extra) {
            CommandArguments.rejectExtra(getClass(), "my:look", extra);
            return box + top + share + json;
        }
    }

    private static String refusal(String... extra) {
        return assertThrows(IllegalArgumentException.class, () -> CommandArguments.rejectExtra(Commands.class, "my:look", extra))
                .getMessage();
    }

    @Test
    void leftoverArgumentsAreNamed() {
        CommandArguments.rejectExtra(Commands.class, "my:look");
        assertEquals("Option '--box' is given more than once; my:look takes it once; type 'help my:look' for its options",
                refusal("--box", "1,2,3,4"));
        assertEquals("Option '-t' is given more than once; my:look takes it once; type 'help my:look' for its options", refusal("-t", "3"));
        assertEquals("Unknown option '--bxo' for my:look; type 'help my:look' for its options", refusal("--bxo", "1"));
        assertEquals("Unexpected argument 'photo.png' for my:look; type 'help my:look' for its options", refusal("photo.png"));
    }

    @Test
    void repeatedOptionsCollectEveryValueInOrder() {
        CommandArguments.Repeated boxes = CommandArguments.repeated("--box", "0,0,1,1", "--box", "2,2,3,3", "stray", "--box", "4,4,5,5");
        assertEquals(List.of("0,0,1,1", "2,2,3,3", "4,4,5,5"), boxes.values());
        assertArrayEquals(new String[] {"stray"}, boxes.rest());
        assertEquals(List.of(), CommandArguments.repeated("--box", "").values());
        assertEquals("Missing value after the last --box",
                assertThrows(IllegalArgumentException.class, () -> CommandArguments.repeated("--box", "", "--box")).getMessage());
    }

    @Test
    void rangeChecksSayWhatIsWrong() {
        assertEquals("Missing --image <value>", assertThrows(IllegalArgumentException.class, () -> CommandArguments.require("--image", "")).getMessage());
        assertEquals("--radius must be a positive number, got -1", assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.positive("--radius", -1)).getMessage());
        assertEquals("--radius must be a positive number, got NaN", assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.positive("--radius", Double.NaN)).getMessage());
        assertEquals("--top must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.atLeast("--top", 0, 1)).getMessage());
        assertEquals("--share must be between 0 and 1, got 1.5", assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.between("--share", 1.5, 0, 1)).getMessage());
        assertEquals("--layer must be -12..12, got 13", assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.between("--layer", 13, -12, 12)).getMessage());
        assertEquals("box", CommandArguments.oneOf("--alpha", " BOX", "mask", "box", "whole"));
        assertEquals("--alpha must be one of mask, box, whole, got 'circle'", assertThrows(IllegalArgumentException.class,
                () -> CommandArguments.oneOf("--alpha", "circle", "mask", "box", "whole")).getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsExplained() {
        Commands commands = new Commands();
        assertEquals(Optional.of("--top expects a whole number, got 'five'"),
                ArgumentTypes.explain(commands, "look", List.of("--box", "1,2,3,4", "--top", "five")));
        assertEquals(Optional.of("-t expects a whole number, got '2.5'"), ArgumentTypes.explain(commands, "LOOK", List.of("-t", "2.5")));
        assertEquals(Optional.of("--share expects a number, got 'half'"),
                ArgumentTypes.explain(commands, "look", List.of("--json", "--share", "half")));
        assertEquals(Optional.of("Missing value after --share"), ArgumentTypes.explain(commands, "look", List.of("--share")));
        assertEquals(Optional.empty(), ArgumentTypes.explain(commands, "look", List.of("--top", "3", "--share", "1e-3")));
    }
}
