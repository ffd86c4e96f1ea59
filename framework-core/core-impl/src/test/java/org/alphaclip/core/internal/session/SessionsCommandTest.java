package org.alphaclip.core.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.SessionHandle;
import org.alphaclip.api.session.SessionOptions;
import org.alphaclip.api.session.SessionStatus;
import org.alphaclip.core.internal.torch.TorchModules;
import org.junit.jupiter.api.Test;

class SessionsCommandTest {

    @Test
    void theReportPrintsDevicesAndSessionsAsTables() {
        SessionsCommand.Report report = new SessionsCommand.Report(List.of(
                new DeviceStatus("cpu", "cpu (threads=default, arena=true)", "cpu", null, 2, 64, 1, 0, 3),
                new DeviceStatus("cuda:0", "cuda:0 (...)", "cpu", "no CUDA provider", 2, 64, 1, 0, 3)),
                List.of(new SessionStatus("/models/alphaclip_visual.onnx",
                        "3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b", "cpu",
                        SessionOptions.DEFAULT.onDevice("cpu"), Map.of("org.b", 2, "org.a", 1), 2_272_056, 120, 4.25,
                        9.5, Map.of(8, 12L, 1, 30L))));

        assertEquals("""
                Devices
                  DEVICE  ACTIVE  RUNNING  WAITING  MAX  QUEUE  REJECTED  REQUESTED
                  cpu     cpu     1        0        2    64     3         cpu (threads=default, arena=true)
                  cuda:0  cpu     1        0        2    64     3         cuda:0 (...); fallback: no CUDA provider
                Sessions
                  MODEL                  SHA-256       DEVICE  USERS               MEMORY (WEIGHTS)  REQUESTS  P50 MS  \
                P99 MS  BATCHES (size:runs)
                  alphaclip_visual.onnx  3f2a9c1d5e6f  cpu     org.a x1, org.b x2  2.3 MB            120       4.25    \
                9.50    1:30 8:12
                """, report.toString());
    }

    @Test
    void theCommandReportsTheLiveSessions() throws Exception {
        try (SessionRegistry registry = new SessionRegistry(TestSupport.settings().build())) {
            OwnerSessions owner = registry.owner("org.example.encoder");
            SessionsCommand command = new SessionsCommand(owner, new TorchModules("cpu"));
            assertTrue(command.sessions().toString().endsWith("Sessions: none\n"));
            try (SessionHandle handle = owner.acquire(TestSupport.visualModel(), SessionOptions.DEFAULT)) {
                handle.runBatched(TestSupport.visualInputs(1), Set.of("image_embedding"));

                SessionsCommand.Report report = command.sessions();

                assertEquals(1, report.sessions().get(0).requests());
                String text = report.toString();
                assertTrue(text.contains("  alphaclip_visual.onnx  "), text);
                assertTrue(text.contains("  org.example.encoder x1  "), text);
            }
        }
    }
}
