package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the control plane stopped for a minute, then started on the same store. The proxies keep
 * routing on the configuration they have (static stability): not one call fails; a change made
 * after the control plane is back (a third server task) reaches them.
 */
@Tag("chaos")
class ControlPlaneOutageChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void aMinuteWithoutTheControlPlaneFailsNoCallAndAChangeAfterItReachesTheProxies() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            List<String> servers = workloads.chaosServersAndClient(CLUSTER);
            String client = workloads.taskIds(CLUSTER, "client").get(0);

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(hosts.dataOf(0), client))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                load.assertMutualTlsTo(hosts.ecs, CLUSTER, servers.get(0));
                long stopped = System.nanoTime();
                hosts.stopControlPlane();
                Thread.sleep(OUTAGE.toMillis());
                hosts.startControlPlaneAgain();
                long started = System.nanoTime();

                hosts.ecs.updateService(
                        b -> b.cluster(CLUSTER).service("server").desiredCount(3));
                workloads.awaitRunning(CLUSTER, "server", 3);
                Set<String> added = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
                added.removeAll(servers);
                load.awaitAnswersFrom(added, Duration.ofSeconds(60));
                long reached = System.nanoTime();
                load.close();

                System.out.printf(
                        "chaos control plane stopped %d s: restart -> new task answers over 3 protocols: %d ms%n%s",
                        OUTAGE.toSeconds(), (reached - started) / 1_000_000, load.figures(stopped));
                assertThat(added).hasSize(1);
                assertThat(load.callsSince(stopped))
                        .filteredOn(ChaosLoad.Call::failed)
                        .isEmpty();
            }
        }
    }
}
