package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostTest {

    private static final String HOST_ARN =
            "arn:aws:ecs:us-east-1:123456789012:container-instance/web/0123456789abcdef0123";

    private static Host host() {
        return Host.register(
                HOST_ARN,
                "arn:aws:ecs:us-east-1:123456789012:cluster/web",
                "EC2",
                new Resources(1024, 2048),
                "10.0.0.5",
                50.0,
                Optional.empty());
    }

    private static Task task(String host, String status, String cpu) throws Exception {
        return Task.of((ObjectNode) Json.mapper().readTree("""
                {"containerInstanceArn": "%s", "lastStatus": "%s", "cpu": "%s", "memory": "100"}
                """.formatted(host, status, cpu)));
    }

    @Test
    void aRegisteredHostKeepsItsLaunchTypeAddressAndResources() {
        Host host = host();

        assertThat(host.id()).isEqualTo("0123456789abcdef0123");
        assertThat(host.cluster()).isEqualTo("web");
        assertThat(host.isActive()).isTrue();
        assertThat(host.launchType()).isEqualTo("EC2");
        assertThat(host.address()).isEqualTo("10.0.0.5");
        assertThat(host.registered()).isEqualTo(new Resources(1024, 2048));
        assertThat(host.json().get("ec2InstanceId").asText()).isEqualTo("i-0123456789abcdef0");
    }

    @Test
    void aRegistrationAgainKeepsTheFirstTimeAndCountsTheVersion() {
        Host again = Host.register(
                HOST_ARN,
                "arn:aws:ecs:us-east-1:123456789012:cluster/web",
                "FARGATE",
                Resources.NONE,
                null,
                90.0,
                Optional.of(host()));

        assertThat(again.json().get("registeredAt").asDouble()).isEqualTo(50.0);
        assertThat(again.json().get("version").asInt()).isEqualTo(2);
        assertThat(again.attribute(Attributes.FARGATE_CAPABILITY)).isNull();
        assertThat(again.json().get("attributes").toString()).contains("\"ecs.capability.fargate\"");
    }

    @Test
    void aHostWithoutRegisteredResourcesIsUnbounded() throws Exception {
        Host host = Host.of((ObjectNode) Json.mapper().readTree("{\"containerInstanceArn\": \"a/b\"}"));

        assertThat(host.registered()).isEqualTo(Resources.UNBOUNDED);
    }

    @Test
    void usedCountsOnlyTheTasksOnThisHostThatHaveNotStopped() throws Exception {
        List<Task> tasks = List.of(
                task(HOST_ARN, "RUNNING", "256"),
                task(HOST_ARN, "PENDING", "128"),
                task(HOST_ARN, "STOPPED", "512"),
                task("arn:other", "RUNNING", "512"));

        assertThat(host().used(tasks)).isEqualTo(new Resources(384, 200));
    }

    @Test
    void deactivateMakesItInactiveAndDisconnected() {
        Host host = host().deactivate();

        assertThat(host.isActive()).isFalse();
        assertThat(host.json().get("agentConnected").asBoolean()).isFalse();
    }
}
