package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.agent.task.TaskRecord;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * Chaos: a host cut off the network for half the heartbeat timeout, then back. The control plane
 * must not mark it lost: its task is not replaced, nothing is started twice (the agent's recorded
 * processes are the same ones), and once the client's ejection of the task ends, it answers
 * again; the client's failed calls meanwhile are bounded by outlier ejection per protocol.
 */
@Tag("chaos")
class ShortPartitionChaosTest {

    private static final String CLUSTER = PartitionedHosts.CLUSTER;
    private static final Duration PARTITION = HostRegistry.DEFAULT_LOSS_TIMEOUT.dividedBy(2);

    @TempDir
    Path data;

    @Test
    void aPartitionHealedWithinTheHeartbeatTimeoutReplacesNothingAndStartsNothingTwice() throws Exception {
        try (PartitionedHosts machine = new PartitionedHosts(data)) {
            Workloads workloads = machine.workloads;
            Map<String, List<TaskRecord.RecordedProcess>> before = machine.cutTaskProcesses();

            try (ChaosLoad load = machine.load()) {
                load.awaitAnswersFrom(machine.servers, Duration.ofSeconds(90));
                load.assertMutualTlsTo(machine.hosts.ecs, PartitionedHosts.CLUSTER, machine.servers.get(0));
                long cutAt = System.nanoTime();
                machine.cutOff();
                Thread.sleep(PARTITION.toMillis());
                machine.heal();
                long healedAt = System.nanoTime();
                // On past the time a lost host's tasks would have been replaced, with some to spare:
                // nothing to wait for but the absence of a replacement.
                Thread.sleep(HostRegistry.DEFAULT_LOSS_TIMEOUT
                        .plusSeconds(15)
                        .minus(PARTITION)
                        .toMillis());
                load.awaitAnswersFrom(machine.servers, Duration.ofSeconds(60));
                long answered = System.nanoTime();
                load.close();

                System.out.printf(
                        "chaos short partition (%d s): cut -> the cut host's task answers again over 3 protocols:"
                                + " %d ms (link restored -> answers: %d ms)%n%s",
                        PARTITION.toSeconds(),
                        (answered - cutAt) / 1_000_000,
                        (answered - healedAt) / 1_000_000,
                        load.figures(cutAt));
                assertThat(workloads.taskIds(CLUSTER, "server")).containsExactlyInAnyOrderElementsOf(machine.servers);
                assertThat(workloads.hostsOf(CLUSTER, "server"))
                        .containsExactlyInAnyOrder(
                                machine.kept.containerInstanceArn(), machine.cut.containerInstanceArn());
                assertThat(machine.hosts
                                .ecs
                                .listTasks(b -> b.cluster(CLUSTER).desiredStatus(DesiredStatus.STOPPED))
                                .taskArns())
                        .as("tasks stopped")
                        .isEmpty();
                assertThat(machine.cut.taskIds()).containsExactlyInAnyOrderElementsOf(machine.cutTasks);
                assertThat(machine.cutTaskProcesses())
                        .as("the processes of the cut host's tasks")
                        .isEqualTo(before);
                before.values()
                        .forEach(p -> assertThat(PartitionedHosts.anyAlive(p)).isTrue());
                PartitionedHosts.assertFailuresBoundedByEjection(load.callsSince(cutAt));
            }
        }
    }
}
