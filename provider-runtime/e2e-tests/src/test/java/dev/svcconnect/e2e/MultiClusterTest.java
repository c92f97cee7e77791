package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.host.HostAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;

/**
 * Two clusters of one namespace sharing a discovery name, EC2-like hosts and Fargate-like
 * capacity: a Fargate client reaches the server tasks of both clusters by one client alias (HTTP),
 * a gRPC service and redis over TCP; when a host's agent is killed, its tasks come back on the other host.
 */
class MultiClusterTest {

    @TempDir
    Path data;

    @Test
    void aFargateClientReachesBothClustersByOneAliasGrpcAndTcpAndAKilledHostsTasksMove() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster("svc-cluster-1");
            workloads.cluster("svc-cluster-2");
            Process doomed = hosts.agentProcess("svc-cluster-1");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> hosts.ecs
                                    .listContainerInstances(b -> b.cluster("svc-cluster-1"))
                                    .containerInstanceArns()
                                    .size()
                            == 1);
            HostAgent survivor = hosts.agent("svc-cluster-1", "netns", false);
            HostAgent second = hosts.agent("svc-cluster-2", "netns", false);
            HostAgent fargate = hosts.agent("svc-cluster-2", "netns", true);

            workloads.httpServer("server-1", "svc-cluster-1", 2, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            workloads.httpServer("server-2", "svc-cluster-2", 1, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            workloads.redis("cache", "svc-cluster-2", "cache.svc", 6379);
            workloads.grpcServer("health", "svc-cluster-2", "health.svc", 50051);
            workloads.fargateClient("client", "svc-cluster-2");
            workloads.awaitRunning("svc-cluster-1", "server-1", 2);
            workloads.awaitRunning("svc-cluster-2", "server-2", 1);
            workloads.awaitRunning("svc-cluster-2", "cache", 1);
            workloads.awaitRunning("svc-cluster-2", "health", 1);
            workloads.awaitRunning("svc-cluster-2", "client", 1);
            assertThat(workloads.hostsOf("svc-cluster-1", "server-1"))
                    .as("spread over the cluster's two hosts")
                    .doesNotHaveDuplicates();
            assertThat(workloads.hostsOf("svc-cluster-2", "client")).containsExactly(fargate.containerInstanceArn());
            assertThat(workloads.hostsOf("svc-cluster-2", "server-2")).containsExactly(second.containerInstanceArn());

            String client = workloads.taskIds("svc-cluster-2", "client").get(0);
            String namespace = fargate.networkName(client).orElseThrow();
            List<String> curl = CallPathTest.curl("netns", hosts, fargate, client, "server.svc", 80);
            awaitAnswersFrom(curl, serverTasks(workloads));

            List<String> ping =
                    List.of("ip", "netns", "exec", namespace, "redis-cli", "-h", "cache.svc", "-p", "6379", "PING");
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> Hosts.run(ping).trim().equals("PONG"));
            List<String> roundTrip = List.of(
                    "ip",
                    "netns",
                    "exec",
                    namespace,
                    "redis-cli",
                    "-h",
                    "cache.svc",
                    "-p",
                    "6379",
                    "SET",
                    "greeting",
                    "hello");
            assertThat(Hosts.run(roundTrip).trim()).isEqualTo("OK");

            List<String> grpc = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            grpc.addAll(Workloads.java(GrpcHealthCall.class.getName(), "health.svc:50051"));
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> Hosts.run(grpc).trim().equals("SERVING"));

            hosts.kill(doomed);
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        List<String> placed = workloads.hostsOf("svc-cluster-1", "server-1");
                        return placed.size() == 2
                                && placed.stream().allMatch(survivor.containerInstanceArn()::equals)
                                && workloads
                                                .service("svc-cluster-1", "server-1")
                                                .runningCount()
                                        == 2;
                    });
            awaitAnswersFrom(curl, serverTasks(workloads));
        }
    }

    private static Set<String> serverTasks(Workloads workloads) {
        Set<String> tasks = new HashSet<>(workloads.taskIds("svc-cluster-1", "server-1"));
        tasks.addAll(workloads.taskIds("svc-cluster-2", "server-2"));
        assertThat(tasks).hasSize(3);
        return tasks;
    }

    private static void awaitAnswersFrom(List<String> curl, Set<String> servers) {
        Set<String> answered = new HashSet<>();
        // Converging: a first call through a just-started proxy and server JVM may time out on a loaded
        // machine; the strict part is the six calls after it.
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    answered.add(Hosts.run(curl).trim());
                    assertThat(answered).containsAll(servers);
                });
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(answeredBy(curl));
        }
        assertThat(servers).containsAll(answers);
    }

    private static String answeredBy(List<String> curl) {
        try {
            return Hosts.run(curl).trim();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
