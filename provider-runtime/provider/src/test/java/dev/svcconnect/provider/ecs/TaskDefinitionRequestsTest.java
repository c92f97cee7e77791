package dev.svcconnect.provider.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.provider.internal.Properties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

class TaskDefinitionRequestsTest {

    /** As CloudFormation sends them: every scalar a string. */
    private static final Map<String, Object> API = Map.of(
            "Family",
            "api",
            "Cpu",
            "256",
            "Memory",
            "512",
            "NetworkMode",
            "awsvpc",
            "ContainerDefinitions",
            List.of(Map.of(
                    "Name", "app",
                    "Command", List.of("java", "-jar", "api.jar"),
                    "Environment", List.of(Map.of("Name", "PORT", "Value", "8080")),
                    "Essential", "true",
                    "HealthCheck",
                            Map.of(
                                    "Command",
                                    List.of("CMD-SHELL", "curl -f localhost:8080"),
                                    "Interval",
                                    "30",
                                    "Timeout",
                                    "5",
                                    "Retries",
                                    "3"),
                    "PortMappings",
                            List.of(Map.of(
                                    "Name",
                                    "api",
                                    "ContainerPort",
                                    "8080",
                                    "Protocol",
                                    "tcp",
                                    "AppProtocol",
                                    "http")))));

    private static Properties properties(Map<String, Object> values) {
        return Properties.of("Custom::SvcConnectTaskDefinition 'Api'", values, "ResourceProperties");
    }

    @Test
    void mapsTheCloudFormationPropertiesToARegisterRequest() {
        RegisterTaskDefinitionRequest request = TaskDefinitionRequests.register(properties(API));

        assertThat(request.family()).isEqualTo("api");
        assertThat(request.cpu()).isEqualTo("256");
        assertThat(request.memory()).isEqualTo("512");
        assertThat(request.networkMode()).isEqualTo(NetworkMode.AWSVPC);
        assertThat(request.containerDefinitions())
                .containsExactly(ContainerDefinition.builder()
                        .name("app")
                        .command("java", "-jar", "api.jar")
                        .environment(KeyValuePair.builder()
                                .name("PORT")
                                .value("8080")
                                .build())
                        .essential(true)
                        .healthCheck(HealthCheck.builder()
                                .command("CMD-SHELL", "curl -f localhost:8080")
                                .interval(30)
                                .timeout(5)
                                .retries(3)
                                .build())
                        .portMappings(PortMapping.builder()
                                .name("api")
                                .containerPort(8080)
                                .protocol(TransportProtocol.TCP)
                                .appProtocol(ApplicationProtocol.HTTP)
                                .build())
                        .build());
    }

    @Test
    void rejectsAnUnknownNetworkModeNamingTheKnownOnes() {
        Map<String, Object> values = new HashMap<>(API);
        values.put("NetworkMode", "vpc");

        assertThatThrownBy(() -> TaskDefinitionRequests.register(properties(values)))
                .hasMessage("Custom::SvcConnectTaskDefinition 'Api': NetworkMode: 'vpc' (expected one of: awsvpc,"
                        + " bridge, host, none)");
    }

    @Test
    void rejectsAPortMappingWithoutContainerPort() {
        Map<String, Object> values = Map.of(
                "Family",
                "api",
                "ContainerDefinitions",
                List.of(Map.of("Name", "app", "PortMappings", List.of(Map.of("Name", "api")))));

        assertThatThrownBy(() -> TaskDefinitionRequests.register(properties(values)))
                .hasMessage("Custom::SvcConnectTaskDefinition 'Api': ContainerDefinitions[0].PortMappings[0]"
                        + ".ContainerPort: is required");
    }

    @Test
    void aRegisteredRevisionWithDefaultsFilledInHasTheSameContent() {
        RegisterTaskDefinitionRequest request = TaskDefinitionRequests.register(properties(API));
        ContainerDefinition wanted = request.containerDefinitions().get(0);
        ContainerDefinition registeredContainer = wanted.toBuilder()
                .cpu(0)
                .mountPoints(List.of())
                .volumesFrom(List.of())
                .healthCheck(wanted.healthCheck().toBuilder().startPeriod(0).build())
                .portMappings(
                        wanted.portMappings().get(0).toBuilder().hostPort(8080).build())
                .build();
        TaskDefinition registered = TaskDefinition.builder()
                .family("api")
                .revision(3)
                .cpu("256")
                .memory("512")
                .networkMode(NetworkMode.AWSVPC)
                .containerDefinitions(registeredContainer)
                .build();

        assertThat(TaskDefinitionRequests.sameContent(request, registered)).isTrue();
        assertThat(TaskDefinitionRequests.sameContent(
                        request, registered.toBuilder().memory("1024").build()))
                .isFalse();
        assertThat(TaskDefinitionRequests.sameContent(
                        request,
                        registered.toBuilder()
                                .containerDefinitions(registeredContainer.toBuilder()
                                        .command("java", "-jar", "old.jar")
                                        .build())
                                .build()))
                .isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theArtifactsDockerLabelsAndTheSecretsReachTheRequestAndTheirChangeIsANewContent() {
        Map<String, Object> container =
                new HashMap<>(((List<Map<String, Object>>) API.get("ContainerDefinitions")).get(0));
        container.put(
                "DockerLabels",
                Map.of(
                        "svc-connect.artifact.url", "s3://cdk-hnb659fds-assets-123456789012-us-east-1/ab12.jar",
                        "svc-connect.artifact.sha256", "ab".repeat(32),
                        "svc-connect.artifact.name", "api.jar"));
        container.put("Secrets", List.of(Map.of("Name", "DB_PASSWORD", "ValueFrom", "/prod/db-password")));
        Map<String, Object> api = new HashMap<>(API);
        api.put("ContainerDefinitions", List.of(container));

        RegisterTaskDefinitionRequest request = TaskDefinitionRequests.register(properties(api));

        ContainerDefinition wanted = request.containerDefinitions().get(0);
        assertThat(wanted.dockerLabels())
                .containsEntry("svc-connect.artifact.name", "api.jar")
                .hasSize(3);
        assertThat(wanted.secrets())
                .extracting(s -> s.name() + "=" + s.valueFrom())
                .containsExactly("DB_PASSWORD=/prod/db-password");
        TaskDefinition registered = TaskDefinition.builder()
                .family("api")
                .cpu("256")
                .memory("512")
                .networkMode(NetworkMode.AWSVPC)
                .containerDefinitions(wanted)
                .build();
        assertThat(TaskDefinitionRequests.sameContent(request, registered)).isTrue();
        assertThat(TaskDefinitionRequests.sameContent(
                        request,
                        registered.toBuilder()
                                .containerDefinitions(wanted.toBuilder()
                                        .dockerLabels(Map.of("svc-connect.artifact.url", "s3://other/key"))
                                        .build())
                                .build()))
                .isFalse();
    }
}
