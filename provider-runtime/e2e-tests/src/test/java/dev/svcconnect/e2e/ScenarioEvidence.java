package dev.svcconnect.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a failed chaos scenario leaves for its diagnosis, before its hosts and their temporary
 * directory go: every log of the control plane, agents, sidecars and tasks, and the client's
 * sidecar's {@code /stats} (its listeners' endpoints with their ejections), under
 * {@code target/chaos-logs/SCENARIO/}.
 */
final class ScenarioEvidence {

    private ScenarioEvidence() {}

    /** Keeps the evidence of {@code scenario}; never throws, so the failure it explains stays the one reported. */
    static void keep(String scenario, Path data, String clientNamespace) {
        Path into = Path.of("target", "chaos-logs", scenario);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Path copy = into.resolve(data.relativize(log));
                Files.createDirectories(copy.getParent());
                Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(
                    into.resolve("client-sidecar-stats.json"),
                    Hosts.run(List.of(
                            "ip",
                            "netns",
                            "exec",
                            clientNamespace,
                            "curl",
                            "-sS",
                            "--max-time",
                            "5",
                            "http://127.0.0.1:9901/stats")));
            System.out.println("chaos evidence kept in " + into.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.out.println("chaos evidence not kept: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
