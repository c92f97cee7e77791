package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;

/** The number and duration checks of the props, one message each. */
class PropValidationTest {

    private final Stack stack = Apps.stack();

    @Test
    void rejectsATaskCpuBelowAnEighthOfAVcpu() {
        assertThatThrownBy(() ->
                        TaskDefinition.Builder.create(stack, "Task").cpu(64).build())
                .hasMessage("cpu: 64 (expected: 128 or more)");
    }

    @Test
    void rejectsATaskMemoryBelowSixMebibytes() {
        assertThatThrownBy(() ->
                        TaskDefinition.Builder.create(stack, "Task").memory(4).build())
                .hasMessage("memory: 4 (expected: 6 or more)");
    }

    @Test
    void rejectsAPortThatIsNotAWholeNumber() {
        assertThatThrownBy(() -> Apps.task(
                        stack, "Task", PortMapping.builder().containerPort(80.5).build()))
                .hasMessage("portMappings[0].containerPort: 80.5 (expected: a whole number)");
    }

    @Test
    void rejectsATimeoutThatIsNotWholeSeconds() {
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        Ec2Service service = Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .build();
        ServiceConnectProps config = ServiceConnectProps.builder()
                .services(List.of(ServiceConnectService.builder()
                        .portMappingName("api")
                        .perRequestTimeout(Duration.millis(1500))
                        .build()))
                .build();

        assertThatThrownBy(() -> service.enableServiceConnect(config))
                .hasMessage(
                        "serviceConnectConfiguration.services[0].perRequestTimeout: 1500ms (expected: whole seconds)");
    }

    @Test
    void rejectsAMaximumPercentBelowOneHundred() {
        Cluster cluster = new Cluster(stack, "Cluster");
        TaskDefinition task = Apps.task(stack, "Task");

        assertThatThrownBy(() -> FargateService.Builder.create(stack, "Web")
                        .cluster(cluster)
                        .taskDefinition(task)
                        .maxHealthyPercent(50)
                        .build())
                .hasMessage("maxHealthyPercent: 50 (expected: 100 or more)");
    }

    @Test
    void rejectsHealthCheckRetriesOutOfRange() {
        TaskDefinition task = new TaskDefinition(stack, "Task");
        ContainerDefinitionOptions options = ContainerDefinitionOptions.builder()
                .healthCheck(HealthCheck.builder()
                        .command(List.of("true"))
                        .retries(11)
                        .build())
                .build();

        assertThatThrownBy(() -> task.addContainer("app", options))
                .hasMessage("healthCheck.retries: 11 (expected: 1-10)");
    }

    @Test
    void rejectsAnEmptyHealthCheckCommand() {
        TaskDefinition task = new TaskDefinition(stack, "Task");
        ContainerDefinitionOptions options = ContainerDefinitionOptions.builder()
                .healthCheck(HealthCheck.builder().command(List.of()).build())
                .build();

        assertThatThrownBy(() -> task.addContainer("app", options))
                .hasMessage("healthCheck.command: is required (expected: at least one word)");
    }

    @Test
    void rejectsAHostFleetWithoutCpu() {
        Cluster cluster = new Cluster(stack, "Cluster");

        assertThatThrownBy(() -> cluster.addHostFleet(
                        "Hosts", HostFleetProps.builder().cpu(0).build()))
                .hasMessage("cpu: 0 (expected: 1 or more)");
    }

    @Test
    void rejectsAContainerNameWithADot() {
        TaskDefinition task = new TaskDefinition(stack, "Task");

        assertThatThrownBy(() -> task.addContainer(
                        "app",
                        ContainerDefinitionOptions.builder()
                                .containerName("app.v2")
                                .build()))
                .hasMessage("containerName: 'app.v2' (expected: 1-255 of A-Z, a-z, 0-9, '_' and '-')");
    }
}
