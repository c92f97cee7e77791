package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.host.HostAgent;
import dev.svcconnect.controlplane.api.ecs.HostRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: a host cut off the network, its agent's link to the control plane and its tasks' links
 * to the bridge dropping every packet. After the heartbeat timeout the control plane marks the
 * host lost and replaces its server task on the other host; meanwhile the client's failed calls
 * are bounded by outlier ejection (5 consecutive failures) per protocol.
 */
@Tag("chaos")
class HostCutOffChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final int PER_REQUEST_TIMEOUT_SECONDS = 2;
    private static final int EJECTION_FAILURES = 5;

    @TempDir
    Path data;

    @Test
    void aHostCutOffIsReplacedAfterTheHeartbeatTimeoutWithFailedCallsBoundedByEjection() throws Exception {
        try (Hosts hosts = new Hosts(data);
                Uplink first = new Uplink(hosts.controlPlane.port());
                Uplink second = new Uplink(hosts.controlPlane.port())) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            List<HostAgent> agents = List.of(
                    hosts.agent(CLUSTER, "netns", false, first.uri()),
                    hosts.agent(CLUSTER, "netns", false, second.uri()));
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "client", 1);
            // The host without the client is cut; placement puts one server task on each host.
            int cutIndex = workloads
                            .hostsOf(CLUSTER, "client")
                            .get(0)
                            .equals(agents.get(0).containerInstanceArn())
                    ? 1
                    : 0;
            HostAgent cut = agents.get(cutIndex);
            HostAgent kept = agents.get(1 - cutIndex);
            Uplink uplink = cutIndex == 0 ? first : second;
            Path cutData = hosts.dataOf(cutIndex);
            workloads.chaosServer("server", CLUSTER, 2, PER_REQUEST_TIMEOUT_SECONDS);
            workloads.awaitRunning(CLUSTER, "server", 2);
            assertThat(workloads.hostsOf(CLUSTER, "server"))
                    .containsExactlyInAnyOrder(kept.containerInstanceArn(), cut.containerInstanceArn());
            List<String> servers = workloads.taskIds(CLUSTER, "server");
            String client = workloads.taskIds(CLUSTER, "client").get(0);
            Set<String> cutTasks = Set.copyOf(cut.taskIds());

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(hosts.dataOf(1 - cutIndex), client))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                long cutAt = System.nanoTime();
                uplink.cut();
                for (String task : cutTasks) {
                    Faults.blackHole(cutData, task);
                }
                await().atMost(HostRegistry.LOSS_TIMEOUT.plusSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            List<String> placed = workloads.hostsOf(CLUSTER, "server");
                            return placed.size() == 2
                                    && placed.stream().allMatch(kept.containerInstanceArn()::equals)
                                    && workloads.service(CLUSTER, "server").runningCount() == 2;
                        });
                long replaced = System.nanoTime();
                Set<String> now = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
                load.awaitAnswersFrom(now, Duration.ofSeconds(60));
                long answered = System.nanoTime();
                load.close();

                for (String task : cutTasks) {
                    Faults.restore(cutData, task);
                }
                uplink.heal();
                System.out.printf(
                        "chaos host cut off: cut -> its task replaced on the other host: %d ms, -> the new task"
                                + " answers over 3 protocols: %d ms%n%s",
                        (replaced - cutAt) / 1_000_000, (answered - cutAt) / 1_000_000, load.figures(cutAt));
                assertThat(now).doesNotContainAnyElementsOf(cutTasks);
                for (String protocol : ChaosLoad.PROTOCOLS) {
                    assertThat(load.callsSince(cutAt))
                            .as("failed %s calls", protocol)
                            .filteredOn(c -> c.failed() && c.protocol().equals(protocol))
                            .hasSizeLessThanOrEqualTo(EJECTION_FAILURES);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> cut.taskIds().isEmpty());
            }
        }
    }
}
