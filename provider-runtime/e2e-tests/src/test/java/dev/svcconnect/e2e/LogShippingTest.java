package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real task's container and proxy output reaches the control plane through its host agent's log
 * shipping, and what the task writes while the control plane is down arrives once it is back.
 */
class LogShippingTest {

    private static final String CLUSTER = "svc-cluster-1";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTasksOutputReachesTheControlPlaneAndLinesWrittenDuringAnOutageArriveAfterIt() throws Exception {
        try (Hosts hosts = new Hosts(data)) {
            Workloads workloads = new Workloads(hosts.ecs);
            workloads.cluster(CLUSTER);
            hosts.agent(CLUSTER, "loopback", false);
            String script =
                    "echo 'hello <b>from</b> the task'; i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo tick $i; "
                            + "sleep 0.2; done";
            String arn = hosts.ecs
                    .registerTaskDefinition(b -> b.family("talker")
                            .cpu("256")
                            .memory("512")
                            .containerDefinitions(
                                    c -> c.name("app").image("none").command("sh", "-c", script)))
                    .taskDefinition()
                    .taskDefinitionArn();
            hosts.ecs.createService(b -> b.cluster(CLUSTER)
                    .serviceName("talker")
                    .taskDefinition(arn)
                    .desiredCount(1)
                    .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(Workloads.NAMESPACE)));
            workloads.awaitRunning(CLUSTER, "talker", 1);
            String taskId = workloads.taskIds(CLUSTER, "talker").get(0);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode logs = logs(hosts);
                assertThat(lines(logs.path("containers").path("app"))).contains("hello <b>from</b> the task", "tick 1");
                assertThat(lines(logs.path("proxy")))
                        .anySatisfy(line -> assertThat(line).contains("proxy started"));
            });

            hosts.stopControlPlane();
            Path appLog = TaskFiles.log(TaskFiles.directory(hosts.dataOf(0), taskId), "app");
            int lastBeforeOutage = lastTick(Files.readAllLines(appLog));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> lastTick(Files.readAllLines(appLog)) >= lastBeforeOutage + 15);
            hosts.startControlPlaneAgain();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<Integer> ticks = ticks(lines(logs(hosts).path("containers").path("app")));
                assertThat(ticks).contains(lastBeforeOutage + 1, lastBeforeOutage + 15);
                for (int i = 1; i < ticks.size(); i++) {
                    assertThat(ticks.get(i))
                            .as("line after tick %s", ticks.get(i - 1))
                            .isEqualTo(ticks.get(i - 1) + 1);
                }
            });
        }
    }

    private JsonNode logs(Hosts hosts) throws Exception {
        URI uri = hosts.controlPlane.endpoint().resolve("/console/api/clusters/" + CLUSTER + "/services/talker");
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode running = null;
        for (JsonNode task : Json.mapper().readTree(response.body()).path("tasks")) {
            running = task;
        }
        assertThat(running).isNotNull();
        return running.path("logs");
    }

    private static List<String> lines(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private static List<Integer> ticks(List<String> lines) {
        return lines.stream()
                .filter(l -> l.startsWith("tick "))
                .map(l -> Integer.parseInt(l.substring(5)))
                .toList();
    }

    private static int lastTick(List<String> lines) {
        List<Integer> ticks = ticks(lines);
        return ticks.isEmpty() ? 0 : ticks.get(ticks.size() - 1);
    }
}
