package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A one-off task started with Debian's AWS CLI ({@code aws ecs run-task}) in a cluster with a
 * default namespace: its command, given as an override, calls a Service Connect service by its
 * client alias through the task's proxy and exits 0, and the task ends STOPPED with exit code 0.
 */
class RunTaskCliTest {

    private static final String CLUSTER = "svc-cluster-1";

    @TempDir
    Path data;

    @TempDir
    Path home;

    @Test
    void aOneOffTaskCallsAServiceByItsClientAliasAndStopsWithExitCodeZero() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "netns", false);
            workloads.httpServer("server", CLUSTER, 1, "server", "server.svc", 80, ApplicationProtocol.HTTP);
            workloads.awaitRunning(CLUSTER, "server", 1);
            hosts.ecs.registerTaskDefinition(b -> b.family("one-off")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(c -> c.name("job").image("none").command("sleep", "600")));
            // Bounded: 30 tries at most 5 s each, while the task's proxy and hosts file come up.
            String call = "curl -sSf --retry 30 --retry-delay 1 --retry-all-errors --max-time 5 http://server.svc:80/";
            String overrides = "{\"containerOverrides\":[{\"name\":\"job\",\"command\":[\"sh\",\"-c\","
                    + Json.mapper().writeValueAsString(call) + "]}]}";

            JsonNode run = aws(
                    hosts,
                    "ecs",
                    "run-task",
                    "--cluster",
                    CLUSTER,
                    "--task-definition",
                    "one-off",
                    "--launch-type",
                    "EC2",
                    "--started-by",
                    "e2e",
                    "--overrides",
                    overrides);

            assertThat(run.get("failures")).isEmpty();
            String taskArn = run.get("tasks").get(0).get("taskArn").asText();
            Task stopped = await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> hosts.ecs
                                    .describeTasks(b -> b.cluster(CLUSTER).tasks(taskArn))
                                    .tasks()
                                    .get(0),
                            task -> "STOPPED".equals(task.lastStatus()));
            assertThat(stopped.containers())
                    .singleElement()
                    .satisfies(container -> assertThat(container.exitCode()).isZero());
            assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
            assertThat(stopped.startedBy()).isEqualTo("e2e");
            assertThat(stopped.group()).isEqualTo("family:one-off");
        }
    }

    private JsonNode aws(Hosts hosts, String... args) throws Exception {
        return Json.mapper()
                .readTree(AwsCli.admin(hosts.controlPlane.endpoint(), home, data.resolve("control-plane"))
                        .ok(args));
    }
}
