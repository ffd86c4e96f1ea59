package org.alphaclip.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchArgumentsTest {

    @Test
    void noArgumentsIsInteractive() {
        assertEquals(LaunchArguments.Mode.INTERACTIVE, LaunchArguments.parse(List.of()).mode());
    }

    @Test
    void dashCTakesOneCommandLine() {
        LaunchArguments parsed = LaunchArguments.parse(List.of("-c", "lb -s"));
        assertEquals(LaunchArguments.Mode.COMMAND, parsed.mode());
        assertEquals("lb -s", parsed.command());
    }

    @Test
    void dashCWithoutCommandSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaunchArguments.parse(List.of("-c")));
        assertTrue(e.getMessage().contains("exactly one argument"), e.getMessage());
    }

    @Test
    void unknownOptionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaunchArguments.parse(List.of("--frobnicate")));
        assertTrue(e.getMessage().contains("'--frobnicate'"), e.getMessage());
    }

    @Test
    void scriptMustExist(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchArguments.parse(List.of(dir.resolve("missing.gosh").toString())));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path script = Files.writeString(dir.resolve("run.gosh"), "lb\n");
        assertEquals(LaunchArguments.Mode.SCRIPT, LaunchArguments.parse(List.of(script.toString())).mode());
    }
}
