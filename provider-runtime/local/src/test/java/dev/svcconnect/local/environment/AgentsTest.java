package dev.svcconnect.local.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents that fleets and Fargate services need, as real processes: a launcher that stands in
 * for {@code svc-connect} by announcing its registration and sleeping, so that starting, keeping and stopping them can be seen.
 */
class AgentsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Agents agents;

    private Agents agents() {
        agents = new Agents(
                dir,
                Launchers.of(List.of("sh", "-c", "echo running as a test host; exec sleep 120", "sh")),
                URI.create("http://127.0.0.1:7700"),
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                Agents.CLEANUP_TIMEOUT,
                new AgentKeys() {
                    @Override
                    public String joinToken(String cluster) {
                        return "token-of-" + cluster;
                    }

                    @Override
                    public String loadBalancerKey(String name) {
                        return "SVCCTEST:" + name;
                    }
                });
        return agents;
    }

    @AfterEach
    void stopAll() {
        agents.stopAll();
    }

    private static JsonNode json(String singleQuoted) throws IOException {
        return Json.mapper().readTree(singleQuoted.replace('\'', '"'));
    }

    private List<Long> livePids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (JsonNode agent :
                Json.mapper().readTree(dir.resolve("agents.json").toFile()).path("agents")) {
            long pid = agent.path("pid").asLong();
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    @Test
    void aFleetGetsItsCountOfAgentsKeptWhenUnchangedAndStoppedWithItsCluster() throws IOException {
        Agents agents = agents();
        agents.beforeApply(
                "Hosts", "Custom::SvcConnectHostFleet", json("{'Cluster': 'apps', 'Count': '2', 'Cpu': '1024'}"));
        List<Long> two = livePids();
        assertThat(two).hasSize(2);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Started agent fleet-apps-Hosts-1 (pid ", "Started agent fleet-apps-Hosts-2 (pid ");

        agents.beforeApply(
                "Hosts", "Custom::SvcConnectHostFleet", json("{'Cluster': 'apps', 'Count': '2', 'Cpu': '1024'}"));
        assertThat(livePids()).isEqualTo(two);

        agents.beforeApply(
                "Hosts", "Custom::SvcConnectHostFleet", json("{'Cluster': 'apps', 'Count': '1', 'Cpu': '1024'}"));
        assertThat(livePids()).containsExactly(two.get(0));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Stopped agent fleet-apps-Hosts-2 (pid " + two.get(1) + ")");

        agents.beforeApply(
                "Web",
                "Custom::SvcConnectService",
                json("{'Cluster': 'arn:aws:ecs:us-east-1:000000000000:cluster/apps', 'LaunchType': 'FARGATE'}"));
        assertThat(livePids()).hasSize(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Started agent fargate-apps (pid ");

        agents.afterDelete("Cluster", "Custom::SvcConnectCluster", json("{'ClusterName': 'apps'}"));
        assertThat(livePids()).isEmpty();
    }
}
