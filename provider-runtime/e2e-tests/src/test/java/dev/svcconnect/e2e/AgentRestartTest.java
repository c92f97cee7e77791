package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent that goes away (kill -9, or SIGTERM as for an upgrade) leaves its tasks running; the
 * next agent on the same data directory registers as the same host and takes them over: the same
 * task ids, RUNNING throughout, no deregistration, and not one failed call of a client calling
 * through the proxies meanwhile.
 */
class AgentRestartTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final String AGENT_DATA = "agent-restarted";

    @TempDir
    Path data;

    @Test
    void anAgentKilledWithSigkillIsFollowedByOneThatTakesItsTasksOverWithoutAFailedCall() throws Exception {
        restartKeepsTheTasks(agent -> agent.destroyForcibly(), "kill -9");
    }

    @Test
    void anAgentStoppedWithSigtermLeavesItsTasksRunningForTheNextOneWithoutAFailedCall() throws Exception {
        restartKeepsTheTasks(Process::destroy, "SIGTERM");
    }

    private void restartKeepsTheTasks(java.util.function.Consumer<Process> stop, String how) throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            Process first = hosts.agentProcess(CLUSTER, AGENT_DATA, false);
            workloads.httpServer("server", CLUSTER, 2, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "server", 2);
            workloads.awaitRunning(CLUSTER, "client", 1);
            List<String> servers = workloads.taskIds(CLUSTER, "server");
            List<String> clients = workloads.taskIds(CLUSTER, "client");
            List<String> instances = workloads.hostsOf(CLUSTER, "server");
            Path agentData = data.resolve(AGENT_DATA);
            String namespace = TaskRecord.read(TaskFiles.directory(agentData, clients.get(0)))
                    .orElseThrow()
                    .network();
            List<String> curl = List.of(
                    "ip", "netns", "exec", namespace, "curl", "-sS", "--max-time", "5", "http://server.svc:80/");
            await().atMost(Duration.ofSeconds(60)).until(() -> !Hosts.run(curl).isBlank());

            try (ClientLoad load = new ClientLoad(curl)) {
                long before = System.nanoTime();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> servers.stream().allMatch(id -> load.answeredSince(id, before)));
                stop.accept(first);
                assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
                Path log = agentData.resolve("agent.log");
                int previousLog = Files.readString(log).length();
                long restarted = System.nanoTime();
                Process second = hosts.agentProcess(CLUSTER, AGENT_DATA, true);
                List<String> all = new ArrayList<>(servers);
                all.addAll(clients);
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    String since = Files.readString(log).substring(previousLog);
                    return all.stream().allMatch(id -> since.contains("task " + id + ": RUNNING and healthy"));
                });
                long adoptedMillis = (System.nanoTime() - restarted) / 1_000_000;
                long after = System.nanoTime();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> servers.stream().allMatch(id -> load.answeredSince(id, after)));
                load.close();
                System.out.printf(
                        "agent restart (%s): %d calls, %d failed, new agent start -> %d task(s) RUNNING: %d ms%n",
                        how, load.requests(), load.failures(), all.size(), adoptedMillis);

                String text = Files.readString(log).substring(previousLog);
                assertThat(text)
                        .contains("took over 3 task(s) a previous agent on")
                        .doesNotContain("DEACTIVATING");
                assertThat(load.failures())
                        .as("failed calls, the last: %s", load.lastFailure())
                        .isZero();
                assertThat(workloads.taskIds(CLUSTER, "server")).containsExactlyInAnyOrderElementsOf(servers);
                assertThat(workloads.taskIds(CLUSTER, "client")).containsExactlyElementsOf(clients);
                assertThat(workloads.hostsOf(CLUSTER, "server")).isEqualTo(instances);
                assertThat(hosts.ecs
                                .describeTasks(b -> b.cluster(CLUSTER).tasks(all))
                                .tasks())
                        .extracting(Task::lastStatus, Task::desiredStatus, Task::stoppedReason)
                        .containsOnly(org.assertj.core.groups.Tuple.tuple("RUNNING", "RUNNING", null));
                assertThat(hosts.ecs
                                .listContainerInstances(b -> b.cluster(CLUSTER))
                                .containerInstanceArns())
                        .containsExactly(instances.get(0));
                assertThat(second.isAlive()).isTrue();
            }
        }
    }
}
