package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SessionStatsTest {

    @Test
    void percentilesAreNearestRank() {
        SessionStats stats = new SessionStats();
        for (int millis = 100; millis >= 1; millis--) {
            stats.recordRequest(millis * 1_000_000L);
        }
        assertEquals(100, stats.requests());
        assertEquals(50.0, stats.latencyMillis(50));
        assertEquals(99.0, stats.latencyMillis(99));
        assertEquals(1.0, stats.latencyMillis(0));
    }

    @Test
    void keepsOnlyTheRecentLatencies() {
        SessionStats stats = new SessionStats();
        for (int i = 0; i < SessionStats.RESERVOIR; i++) {
            stats.recordRequest(1_000_000_000L);
        }
        for (int i = 0; i < SessionStats.RESERVOIR; i++) {
            stats.recordRequest(2_000_000L);
        }
        assertEquals(2L * SessionStats.RESERVOIR, stats.requests());
        assertEquals(2.0, stats.latencyMillis(99));
    }

    @Test
    void countsRunsPerBatchSize() {
        SessionStats stats = new SessionStats();
        stats.recordRun(8);
        stats.recordRun(1);
        stats.recordRun(8);
        assertEquals(Map.of(1, 1L, 8, 2L), stats.batchSizes());
        assertEquals(0.0, new SessionStats().latencyMillis(50));
    }
}
