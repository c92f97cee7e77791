package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.host.HostAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/** UpdateService under load: a rolling deployment fails no request; a crashing one is rolled back. */
class RollingDeploymentTest {

    private static final String CLUSTER = "svc-cluster-1";

    @TempDir
    Path data;

    @Test
    void aRollingUpdateUnderLoadFailsNoRequestAndACrashingDeploymentIsRolledBack() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            HostAgent agent = hosts.agent(CLUSTER, "netns", false);
            workloads.httpServer("server", CLUSTER, 2, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            hosts.ecs.updateService(b -> b.cluster(CLUSTER)
                    .service("server")
                    .deploymentConfiguration(d -> d.maximumPercent(150)
                            .minimumHealthyPercent(50)
                            .deploymentCircuitBreaker(c -> c.enable(true).rollback(true))));
            workloads.client("client", CLUSTER);
            workloads.awaitRunning(CLUSTER, "server", 2);
            workloads.awaitRunning(CLUSTER, "client", 1);
            String client = workloads.taskIds(CLUSTER, "client").get(0);
            List<String> curl = CallPathTest.curl("netns", hosts, agent, client, "server.svc", 80);
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> !Hosts.run(curl).isBlank());
            Set<String> before = new HashSet<>(workloads.taskIds(CLUSTER, "server"));

            try (ClientLoad load = new ClientLoad(curl)) {
                String revision2 = workloads.serverRevision("server", 2);
                hosts.ecs.updateService(
                        b -> b.cluster(CLUSTER).service("server").taskDefinition(revision2));
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            Service service = workloads.service(CLUSTER, "server");
                            return service.deployments().size() == 1
                                    && service.deployments().get(0).rolloutState() == DeploymentRolloutState.COMPLETED
                                    && service.runningCount() == 2;
                        });
                Set<String> after = new HashSet<>(workloads.taskIds(CLUSTER, "server"));
                assertThat(after).doesNotContainAnyElementsOf(before);
                long since = System.nanoTime();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> after.stream().allMatch(t -> load.answeredSince(t, since)));
                load.close();
                assertThat(load.requests()).isGreaterThan(20);
                assertThat(load.failures())
                        .as("failed requests (last: %s)", load.lastFailure())
                        .isZero();
            }

            String crashing = workloads.serverRevision("server", List.of(), true);
            hosts.ecs.updateService(b -> b.cluster(CLUSTER).service("server").taskDefinition(crashing));
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Service service = workloads.service(CLUSTER, "server");
                        assertThat(service.events())
                                .extracting(ServiceEvent::message)
                                .anySatisfy(m -> assertThat(m).contains("deployment failed: tasks failed to start."))
                                .anySatisfy(m -> assertThat(m).contains("rolling back to deployment"));
                        assertThat(service.taskDefinition()).endsWith("server:2");
                        assertThat(service.deployments()).hasSize(1);
                        assertThat(service.deployments().get(0).taskDefinition())
                                .endsWith("server:2");
                        assertThat(service.runningCount()).isEqualTo(2);
                    });
            assertThat(Hosts.run(curl)).isNotBlank();
        }
    }
}
