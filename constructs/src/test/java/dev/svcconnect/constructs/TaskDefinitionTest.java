package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;

class TaskDefinitionTest {

    @Test
    void rendersContainersWithCommandEnvironmentHealthCheckAndPortMappings() {
        Stack stack = Apps.stack();
        TaskDefinition task = TaskDefinition.Builder.create(stack, "Api")
                .family("api")
                .cpu(512)
                .memory(1024)
                .networkMode(NetworkMode.BRIDGE)
                .build();
        task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .image("example/api:1")
                        .command(List.of("java", "-jar", "api.jar"))
                        .environment(Map.of("B", "2", "A", "1"))
                        .essential(false)
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("CMD", "/bin/check"))
                                .interval(Duration.seconds(10))
                                .timeout(Duration.seconds(3))
                                .retries(5)
                                .startPeriod(Duration.seconds(20))
                                .build())
                        .portMappings(List.of(
                                Apps.port("api", 8080, AppProtocol.HTTP),
                                Apps.port("grpc", 9090, AppProtocol.GRPC),
                                PortMapping.builder()
                                        .containerPort(7000)
                                        .hostPort(7000)
                                        .build()))
                        .build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectTaskDefinition",
                        Map.of(
                                "Family",
                                "api",
                                "Cpu",
                                "512",
                                "Memory",
                                "1024",
                                "NetworkMode",
                                "bridge",
                                "ContainerDefinitions",
                                List.of(Map.of(
                                        "Name", "app",
                                        "Image", "example/api:1",
                                        "Command", List.of("java", "-jar", "api.jar"),
                                        "Environment",
                                                List.of(
                                                        Map.of("Name", "A", "Value", "1"),
                                                        Map.of("Name", "B", "Value", "2")),
                                        "Essential", false,
                                        "HealthCheck",
                                                Map.of(
                                                        "Command",
                                                        List.of("CMD", "/bin/check"),
                                                        "Interval",
                                                        10,
                                                        "Timeout",
                                                        3,
                                                        "Retries",
                                                        5,
                                                        "StartPeriod",
                                                        20),
                                        "PortMappings",
                                                List.of(
                                                        Map.of(
                                                                "Name",
                                                                "api",
                                                                "ContainerPort",
                                                                8080,
                                                                "Protocol",
                                                                "tcp",
                                                                "AppProtocol",
                                                                "http"),
                                                        Map.of(
                                                                "Name",
                                                                "grpc",
                                                                "ContainerPort",
                                                                9090,
                                                                "Protocol",
                                                                "tcp",
                                                                "AppProtocol",
                                                                "grpc"),
                                                        Map.of(
                                                                "ContainerPort",
                                                                7000,
                                                                "HostPort",
                                                                7000,
                                                                "Protocol",
                                                                "tcp"))))));
    }

    @Test
    void defaultsFollowEcs() {
        Stack stack = Apps.stack();
        TaskDefinition task = new TaskDefinition(stack, "Web");
        task.addContainer(
                "web",
                ContainerDefinitionOptions.builder()
                        .command(List.of("./web"))
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("curl", "-f", "http://localhost/"))
                                .build())
                        .portMappings(List.of(Apps.port("web", 80, null)))
                        .build());

        assertThat(task.getFamily()).isEqualTo("TestWeb23347330");
        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectTaskDefinition",
                        Map.of(
                                "Family",
                                "TestWeb23347330",
                                "Cpu",
                                "256",
                                "Memory",
                                "512",
                                "NetworkMode",
                                "awsvpc",
                                "ContainerDefinitions",
                                List.of(Match.objectLike(Map.of(
                                        "Name", "web",
                                        "Image", Match.absent(),
                                        "Essential", true,
                                        "HealthCheck",
                                                Map.of(
                                                        "Command",
                                                        List.of("CMD-SHELL", "curl -f http://localhost/"),
                                                        "Interval",
                                                        30,
                                                        "Timeout",
                                                        5,
                                                        "Retries",
                                                        3),
                                        "PortMappings",
                                                List.of(Map.of(
                                                        "Name", "web", "ContainerPort", 80, "Protocol", "tcp")))))));
    }

    @Test
    void findsPortMappingsByName() {
        TaskDefinition task = Apps.task(Apps.stack(), "Task", Apps.port("api", 8080, AppProtocol.HTTP));

        assertThat(task.findPortMapping("api").getContainerPort()).isEqualTo(8080);
        assertThat(task.findPortMapping("nope")).isNull();
    }

    @Test
    void needsAtLeastOneContainer() {
        Stack stack = Apps.stack();
        new TaskDefinition(stack, "Empty");

        assertThatThrownBy(() -> Apps.template(stack))
                .hasMessageContaining("[Test/Empty] Task definition must have at least one container (add one with"
                        + " addContainer).");
    }

    @Test
    void rejectsAContainerPortOutOfRange() {
        assertThatThrownBy(() -> Apps.task(Apps.stack(), "Task", Apps.port("api", 70000, null)))
                .hasMessage("portMappings[0].containerPort: 70000 (expected: 1-65535)");
    }

    @Test
    void rejectsAPortMappingNameWithUpperCase() {
        assertThatThrownBy(() -> Apps.task(Apps.stack(), "Task", Apps.port("Api", 8080, null)))
                .hasMessage("portMappings[0].name: 'Api' (expected: at most 64 of a-z, 0-9, '_' and '-',"
                        + " not starting with '-')");
    }

    @Test
    void rejectsAnAppProtocolWithoutName() {
        PortMapping unnamed = PortMapping.builder()
                .containerPort(8080)
                .appProtocol(AppProtocol.HTTP)
                .build();

        assertThatThrownBy(() -> Apps.task(Apps.stack(), "Task", unnamed))
                .hasMessage("Service connect-related port mapping field 'appProtocol' cannot be set without 'name'");
    }

    @Test
    void rejectsNamedPortMappingsInHostNetworkMode() {
        TaskDefinition task = TaskDefinition.Builder.create(Apps.stack(), "Task")
                .networkMode(NetworkMode.HOST)
                .build();
        ContainerDefinitionOptions options = ContainerDefinitionOptions.builder()
                .portMappings(List.of(Apps.port("api", 8080, null)))
                .build();

        assertThatThrownBy(() -> task.addContainer("app", options))
                .hasMessage("Service connect related port mapping fields 'name' and 'appProtocol' are not supported"
                        + " for network mode host");
    }

    @Test
    void rejectsAPortMappingNameUsedTwice() {
        TaskDefinition task = Apps.task(Apps.stack(), "Task", Apps.port("api", 8080, null));
        ContainerDefinitionOptions second = ContainerDefinitionOptions.builder()
                .portMappings(List.of(Apps.port("api", 9090, null)))
                .build();

        assertThatThrownBy(() -> task.addContainer("sidecar", second))
                .hasMessage("Port mapping name 'api' is already used on task definition Test/Task");
    }

    @Test
    void rejectsAHealthCheckIntervalOutOfRange() {
        ContainerDefinitionOptions options = ContainerDefinitionOptions.builder()
                .healthCheck(HealthCheck.builder()
                        .command(List.of("true"))
                        .interval(Duration.seconds(1))
                        .build())
                .build();
        TaskDefinition task = new TaskDefinition(Apps.stack(), "Task");

        assertThatThrownBy(() -> task.addContainer("app", options))
                .hasMessage("healthCheck.interval seconds: 1 (expected: 5-300)");
    }
}
