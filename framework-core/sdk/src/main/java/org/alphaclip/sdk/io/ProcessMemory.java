package org.alphaclip.sdk.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory this process holds, as Linux reports it in {@code /proc/self/status} (the JVM's heap and the native
 * memory of inference sessions alike), for benchmarks.
 *
 * @param residentBytes the resident set now ({@code VmRSS}), or -1 where the system does not tell
 * @param peakResidentBytes the largest resident set so far ({@code VmHWM}), or -1
 */
public record ProcessMemory(long residentBytes, long peakResidentBytes) {

    /** The figures now. */
    public static ProcessMemory now() {
        long resident = -1;
        long peak = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    resident = kilobytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessMemory(-1, -1);
        }
        return new ProcessMemory(resident, peak);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
