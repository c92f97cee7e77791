package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.task.TaskRecord;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Chaos: a host cut off the network for longer than the heartbeat timeout, its agent's link to the
 * control plane and its tasks' links dropping every packet. After the timeout the control plane
 * marks the host lost and replaces its server task on the other host; meanwhile the client's
 * failed calls are bounded by outlier ejection (5 consecutive failures) per protocol. Then the
 * link comes back: the stale host's old task is stopped, stays STOPPED, and never answers again;
 * the service runs its desired count, no more.
 */
@Tag("chaos")
class HostCutOffChaosTest {

    private static final String CLUSTER = PartitionedHosts.CLUSTER;

    @TempDir
    Path data;

    @Test
    void aHostCutOffIsReplacedAfterTheHeartbeatTimeoutAndItsOldTaskStoppedOnceItComesBack() throws Exception {
        try (PartitionedHosts machine = new PartitionedHosts(data)) {
            Workloads workloads = machine.workloads;
            Set<String> cutTasks = machine.cutTasks;
            Map<String, List<TaskRecord.RecordedProcess>> cutProcesses = machine.cutTaskProcesses();

            try (ChaosLoad load = machine.load()) {
                load.awaitAnswersFrom(machine.servers, Duration.ofSeconds(90));
                load.assertMutualTlsTo(machine.hosts.ecs, PartitionedHosts.CLUSTER, machine.servers.get(0));
                long cutAt = System.nanoTime();
                machine.cutOff();
                await().atMost(HostRegistry.DEFAULT_LOSS_TIMEOUT.plusSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            List<String> placed = workloads.hostsOf(CLUSTER, "server");
                            return placed.size() == 2
                                    && placed.stream().allMatch(machine.kept.containerInstanceArn()::equals)
                                    && workloads.service(CLUSTER, "server").runningCount() == 2;
                        });
                long replaced = System.nanoTime();
                Set<String> now = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
                load.awaitAnswersFrom(now, Duration.ofSeconds(60));
                long answered = System.nanoTime();
                String duringCut = load.figures(cutAt);
                // The bound holds until the replacement runs; a replacement's own first answers
                // (a JVM just started) may take longer than the timeout on a loaded machine.
                List<ChaosLoad.Call> callsDuringCut = load.callsSince(cutAt).stream()
                        .filter(c -> c.endedNanos() - replaced < 0)
                        .toList();

                long healedAt = System.nanoTime();
                machine.heal();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> machine.cut.taskIds().isEmpty());
                long stopped = System.nanoTime();
                // The old task's processes are gone, and it stays STOPPED whatever its stale agent reported.
                cutProcesses
                        .values()
                        .forEach(p -> assertThat(PartitionedHosts.anyAlive(p))
                                .as("a process of an old task still runs: %s", p)
                                .isFalse());
                load.awaitAnswersFrom(now, Duration.ofSeconds(30));
                load.close();

                System.out.printf(
                        "chaos host cut off: cut -> its task replaced on the other host: %d ms, -> the new task"
                                + " answers over 3 protocols: %d ms; link restored -> the stale host's old task"
                                + " stopped: %d ms%n%s  after the link came back:%n%s",
                        (replaced - cutAt) / 1_000_000,
                        (answered - cutAt) / 1_000_000,
                        (stopped - healedAt) / 1_000_000,
                        duringCut,
                        load.figures(healedAt));
                assertThat(now).doesNotContainAnyElementsOf(cutTasks);
                PartitionedHosts.assertFailuresBoundedByEjection(callsDuringCut);
                assertThat(load.callsSince(healedAt))
                        .as("calls after the link came back")
                        .noneMatch(ChaosLoad.Call::failed)
                        .noneMatch(c -> cutTasks.contains(c.detail()));
                for (Task old : machine.hosts
                        .ecs
                        .describeTasks(b -> b.cluster(CLUSTER).tasks(cutTasks))
                        .tasks()) {
                    assertThat(old.lastStatus())
                            .as("old task %s", old.taskArn())
                            .isEqualTo("STOPPED");
                    assertThat(old.stoppedReason()).contains("was lost: no heartbeat");
                }
                assertThat(workloads.taskIds(CLUSTER, "server")).containsExactlyInAnyOrderElementsOf(now);
                assertThat(workloads.service(CLUSTER, "server").runningCount()).isEqualTo(2);
            }
        }
    }
}
