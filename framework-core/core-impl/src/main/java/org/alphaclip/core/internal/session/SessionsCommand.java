package org.alphaclip.core.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.alphaclip.api.session.DeviceStatus;
import org.alphaclip.api.session.InferenceSessions;
import org.alphaclip.api.session.SessionStatus;
import org.alphaclip.core.internal.torch.TorchModules;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code alphaclip:sessions} Gogo command: the inference devices and the shared sessions (ONNX Runtime
 * sessions and TorchScript modules) with their users, memory, requests, latency percentiles and batch sizes.
 *
 * <pre>
 * g! alphaclip:sessions
 * </pre>
 */
@Component(service = SessionsCommand.class, property = { "osgi.command.scope=alphaclip",
        "osgi.command.function=sessions" })
public final class SessionsCommand {

    private final InferenceSessions sessions;
    private final TorchModules torchModules;

    /** Uses this bundle's view of the inference sessions and the loaded TorchScript modules. */
    @Activate
    public SessionsCommand(@Reference InferenceSessions sessions, @Reference TorchModules torchModules) {
        this.sessions = sessions;
        this.torchModules = torchModules;
    }

    /** The devices and sessions now. */
    @Descriptor("lists the inference devices and the shared sessions: users, memory, requests, latency, batch sizes")
    public Report sessions() {
        List<SessionStatus> all = new ArrayList<>(sessions.sessions());
        all.addAll(torchModules.statuses());
        return new Report(sessions.devices(), all);
    }

    /**
     * The devices and sessions at one moment, printed as two tables.
     *
     * @param devices the devices, as configured and in use
     * @param sessions the live sessions
     */
    public record Report(List<DeviceStatus> devices, List<SessionStatus> sessions) {

        /** Copies the lists. */
        public Report {
            devices = List.copyOf(devices);
            sessions = List.copyOf(sessions);
        }

        @Override
        public String toString() {
            List<List<String>> deviceRows = new ArrayList<>();
            deviceRows.add(List.of("DEVICE", "ACTIVE", "RUNNING", "WAITING", "MAX", "QUEUE", "REJECTED", "REQUESTED"));
            for (DeviceStatus device : devices) {
                deviceRows.add(List.of(device.name(), device.active(), Integer.toString(device.running()),
                        Integer.toString(device.waiting()), Integer.toString(device.maxConcurrent()),
                        Integer.toString(device.queueLimit()), Long.toString(device.rejected()),
                        device.requested() + (device.fallbackReason() == null ? ""
                                : "; fallback: " + device.fallbackReason())));
            }
            StringBuilder text = new StringBuilder("Devices\n");
            table(text, deviceRows);
            text.append("Sessions");
            if (sessions.isEmpty()) {
                return text.append(": none\n").toString();
            }
            List<List<String>> sessionRows = new ArrayList<>();
            sessionRows.add(List.of("MODEL", "SHA-256", "DEVICE", "USERS", "MEMORY (WEIGHTS)", "REQUESTS", "P50 MS", "P99 MS",
                    "BATCHES (size:runs)"));
            for (SessionStatus session : sessions) {
                StringJoiner users = new StringJoiner(", ");
                new TreeMap<>(session.users()).forEach((user, handles) -> users.add(user + " x" + handles));
                StringJoiner batches = new StringJoiner(" ");
                new TreeMap<>(session.batchSizes()).forEach((size, runs) -> batches.add(size + ":" + runs));
                sessionRows.add(List.of(fileName(session.modelFile()), session.modelSha256().substring(0, 12),
                        session.device(), users.length() == 0 ? "(idle)" : users.toString(),
                        megabytes(session.modelBytes()), Long.toString(session.requests()),
                        String.format(Locale.ROOT, "%.2f", session.latencyMillisP50()),
                        String.format(Locale.ROOT, "%.2f", session.latencyMillisP99()), batches.toString()));
            }
            text.append('\n');
            table(text, sessionRows);
            return text.toString();
        }

        private static String fileName(String path) {
            return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        }

        private static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }

        private static void table(StringBuilder text, List<List<String>> rows) {
            Map<Integer, Integer> widths = new TreeMap<>();
            for (List<String> row : rows) {
                for (int column = 0; column < row.size(); column++) {
                    widths.merge(column, row.get(column).length(), Math::max);
                }
            }
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder("  ");
                for (int column = 0; column < row.size(); column++) {
                    line.append(String.format("%-" + widths.get(column) + "s  ", row.get(column)));
                }
                text.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
