package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.testsupport.PrivatePostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * Chaos: the PostgreSQL database of two control plane replicas stopped for 20 s, then started
 * (docs/ha.md). Meanwhile each replica answers the API a retryable {@code ServerException} (503);
 * afterwards the API comes back by itself. The data plane never notices: not one call fails, no
 * task is replaced (no host is counted lost for the outage), and a change made after it reaches
 * the proxies.
 */
@Tag("chaos")
class PostgresOutageChaosTest {

    private static final String CLUSTER = "svc-cluster-1";
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void twentySecondsWithoutPostgresqlAnswerRetryableErrorsAndFailNoCall() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
                ControlPlaneReplicas replicas = new ControlPlaneReplicas(
                        data.resolve("replicas"),
                        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres?user=postgres",
                        2);
                Hosts hosts = new Hosts(data, replicas, List.of(0, 1))) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            List<String> servers = workloads.chaosServersAndClient(CLUSTER);
            String client = workloads.taskIds(CLUSTER, "client").get(0);

            try (ChaosLoad load = ChaosLoad.in(Faults.namespaceOf(hosts.dataOf(0), client))) {
                load.awaitAnswersFrom(servers, Duration.ofSeconds(90));
                long stopped = System.nanoTime();
                postgres.stop();
                for (int replica = 0; replica < replicas.count(); replica++) {
                    try (EcsClient ecs = Hosts.ecs(replicas.endpoint(replica), replicas.admin())) {
                        assertThatThrownBy(ecs::listClusters)
                                .as("ListClusters through replica %d while PostgreSQL is down", replica)
                                .isInstanceOfSatisfying(EcsException.class, e -> {
                                    assertThat(e.statusCode()).isEqualTo(503);
                                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServerException");
                                });
                    }
                }
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
                postgres.resume();
                long resumed = System.nanoTime();
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> hosts.ecs.listClusters().hasClusterArns());
                long answering = System.nanoTime();
                assertThat(workloads.taskIds(CLUSTER, "server"))
                        .as("the server tasks after the outage: none replaced")
                        .containsExactlyInAnyOrderElementsOf(servers);

                hosts.ecs.updateService(
                        b -> b.cluster(CLUSTER).service("server").desiredCount(3));
                workloads.awaitRunning(CLUSTER, "server", 3);
                Set<String> added = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
                added.removeAll(servers);
                load.awaitAnswersFrom(added, Duration.ofSeconds(60));
                long reached = System.nanoTime();
                load.close();

                System.out.printf(
                        "chaos PostgreSQL stopped %d s: API answering %d ms after it started again;"
                                + " then a new task answers over 3 protocols %d ms later%n%s",
                        OUTAGE.toSeconds(),
                        (answering - resumed) / 1_000_000,
                        (reached - answering) / 1_000_000,
                        load.figures(stopped));
                assertThat(added).hasSize(1);
                assertThat(load.callsSince(stopped))
                        .filteredOn(ChaosLoad.Call::failed)
                        .isEmpty();
            }
        }
    }
}
