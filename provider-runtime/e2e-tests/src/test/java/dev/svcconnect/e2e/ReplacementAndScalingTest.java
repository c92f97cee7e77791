package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.host.HostAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;

/** desiredCount is held while a client keeps calling: a killed task is replaced, scaling adds and drains tasks. */
class ReplacementAndScalingTest {

    private static final String CLUSTER = "svc-cluster-1";

    @TempDir
    Path data;

    @Test
    void aKilledTaskIsReplacedAndScalingThreeToFiveToTwoFailsNoRequest() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            HostAgent agent = hosts.agent(CLUSTER, "netns", false);
            workloads.httpServer("server", CLUSTER, 3, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "server", 3);
            workloads.awaitRunning(CLUSTER, "client", 1);
            String client = workloads.taskIds(CLUSTER, "client").get(0);
            List<String> curl = CallPathTest.curl("netns", hosts, agent, client, "server.svc", 80);
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> !Hosts.run(curl).isBlank());

            try (ClientLoad load = new ClientLoad(curl)) {
                String victim = workloads.taskIds(CLUSTER, "server").get(0);
                applicationOf(victim).destroyForcibly();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    List<String> tasks = workloads.taskIds(CLUSTER, "server");
                    return !tasks.contains(victim)
                            && workloads.service(CLUSTER, "server").runningCount() == 3
                            && tasks.size() == 3;
                });
                awaitAnswersFromEvery(load, workloads);

                hosts.ecs.updateService(
                        b -> b.cluster(CLUSTER).service("server").desiredCount(5));
                workloads.awaitRunning(CLUSTER, "server", 5);
                awaitAnswersFromEvery(load, workloads);

                hosts.ecs.updateService(
                        b -> b.cluster(CLUSTER).service("server").desiredCount(2));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> workloads.taskIds(CLUSTER, "server").size() == 2
                                && agent.taskIds().size() == 3);
                awaitAnswersFromEvery(load, workloads);
                load.close();
                assertThat(load.requests()).isGreaterThan(20);
                assertThat(load.failures())
                        .as("failed requests (last: %s)", load.lastFailure())
                        .isZero();
            }
        }
    }

    private static void awaitAnswersFromEvery(ClientLoad load, Workloads workloads) {
        long since = System.nanoTime();
        Set<String> tasks = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.stream().allMatch(t -> load.answeredSince(t, since)));
    }

    /**
     * The application process of a task: the process without children whose working directory is
     * its container's (the agent starts containers there, through unshare and the namespace's init,
     * which have children; its proxy elsewhere).
     */
    private static ProcessHandle applicationOf(String taskId) {
        Path work = Path.of(taskId, "work", "app");
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.children().findAny().isEmpty())
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                                .endsWith(work);
                    } catch (IOException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
    }
}
