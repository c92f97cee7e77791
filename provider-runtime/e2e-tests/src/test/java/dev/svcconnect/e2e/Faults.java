package dev.svcconnect.e2e;

import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The faults the chaos scenarios inject into tasks: a task cut off its bridge (its host-side veth
 * down, so every packet to it is dropped: a black hole) and a slow task ({@link ChaosServer}'s
 * delay file). Both undo.
 */
final class Faults {

    private Faults() {}

    /** The network namespace of a task an agent on {@code agentData} runs, from its task record. */
    static String namespaceOf(Path agentData, String taskId) {
        return TaskRecord.read(TaskFiles.directory(agentData, taskId))
                .orElseThrow(() -> new IllegalStateException("no task record of " + taskId))
                .network();
    }

    /** Drops every packet to and from the task: its veth on the bridge goes down. */
    static void blackHole(Path agentData, String taskId) throws IOException, InterruptedException {
        link(agentData, taskId, "down");
    }

    /** Undoes {@link #blackHole}. */
    static void restore(Path agentData, String taskId) throws IOException, InterruptedException {
        link(agentData, taskId, "up");
    }

    private static void link(Path agentData, String taskId, String state) throws IOException, InterruptedException {
        Hosts.run(List.of("ip", "link", "set", "dev", hostVeth(namespaceOf(agentData, taskId)), state));
    }

    /** The bridge side of a task's veth: namespace {@code PREFIX-N} has {@code PREFIXhN} (NetnsIsolation). */
    static String hostVeth(String namespace) {
        int dash = namespace.lastIndexOf('-');
        return namespace.substring(0, dash) + "h" + namespace.substring(dash + 1);
    }

    /** Makes every answer of the task's {@link ChaosServer} wait {@code delay}; {@code Duration.ZERO} undoes it. */
    static void slow(Path agentData, String taskId, Duration delay) throws IOException {
        Path file = TaskFiles.directory(agentData, taskId).resolve(ChaosServer.DELAY_FILE);
        if (delay.isZero()) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, Long.toString(delay.toMillis()));
        }
    }
}
