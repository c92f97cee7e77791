package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the host agent killed with kill -9 and started again on its data directory. Its tasks
 * keep running meanwhile and the new agent takes them over: the same task ids, and not one failed
 * call over HTTP/1.1, gRPC or TCP.
 */
@Tag("chaos")
class AgentKillChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final String AGENT_DATA = "agent-killed";

    @TempDir
    Path data;

    @Test
    void anAgentKilledAndRestartedFailsNoCallAndKeepsItsTaskIds() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            Process first = hosts.agentProcess(CLUSTER, AGENT_DATA, false);
            workloads.chaosServer("server", CLUSTER, 2, 0);
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "server", 2);
            workloads.awaitRunning(CLUSTER, "client", 1);
            List<String> servers = workloads.taskIds(CLUSTER, "server");
            List<String> clients = workloads.taskIds(CLUSTER, "client");
            Path agentData = data.resolve(AGENT_DATA);

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(agentData, clients.get(0)))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                load.assertMutualTlsTo(hosts.ecs, CLUSTER, servers.get(0));
                long killed = System.nanoTime();
                first.destroyForcibly();
                first.waitFor();
                Path log = agentData.resolve("agent.log");
                int previousLog = Files.readString(log).length();
                long restarted = System.nanoTime();
                hosts.agentProcess(CLUSTER, AGENT_DATA, true);
                List<String> all = new ArrayList<>(servers);
                all.addAll(clients);
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            String since = Files.readString(log).substring(previousLog);
                            return all.stream().allMatch(id -> since.contains("task " + id + ": RUNNING and healthy"));
                        });
                long adopted = System.nanoTime();
                load.awaitAnswersFrom(servers, Duration.ofSeconds(60));
                load.close();

                System.out.printf(
                        "chaos agent kill -9: new agent start -> %d task(s) taken over: %d ms%n%s",
                        all.size(), (adopted - restarted) / 1_000_000, load.figures(killed));
                assertThat(load.callsSince(killed))
                        .filteredOn(ChaosLoad.Call::failed)
                        .isEmpty();
                assertThat(workloads.taskIds(CLUSTER, "server")).containsExactlyInAnyOrderElementsOf(servers);
                assertThat(workloads.taskIds(CLUSTER, "client")).containsExactlyElementsOf(clients);
            }
        }
    }
}
