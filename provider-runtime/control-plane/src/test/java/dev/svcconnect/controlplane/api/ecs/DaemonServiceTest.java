package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

class DaemonServiceTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;
    private HostAgents agents;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        agents = new HostAgents(fixture.server.endpoint(), fixture.server.adminCredentials());
        ecs.createCluster(b -> b.clusterName("fleet"));
        ecs.registerTaskDefinition(b -> b.family("collector")
                .networkMode("awsvpc")
                .cpu("128")
                .memory("128")
                .containerDefinitions(c -> c.name("agent").command("sleep", "600")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The host of each live task of the service, sorted. */
    private List<String> hostsOfTasks() {
        List<String> arns =
                ecs.listTasks(b -> b.cluster("fleet").serviceName("collector")).taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return ecs.describeTasks(b -> b.cluster("fleet").tasks(arns)).tasks().stream()
                .map(Task::containerInstanceArn)
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .sorted()
                .toList();
    }

    @Test
    void aDaemonServiceRunsOneTaskOnEachHostAsHostsJoinAndLeave() throws Exception {
        String first = agents.register("fleet", "EC2", 1024, 2048);
        Service created = ecs.createService(b -> b.cluster("fleet")
                        .serviceName("collector")
                        .taskDefinition("collector")
                        .schedulingStrategy("DAEMON"))
                .service();
        assertThat(created.schedulingStrategyAsString()).isEqualTo("DAEMON");
        assertThat(created.desiredCount()).isEqualTo(1);
        assertThat(created.deploymentConfiguration().maximumPercent()).isEqualTo(100);
        assertThat(created.deploymentConfiguration().minimumHealthyPercent()).isZero();
        assertThat(hostsOfTasks()).containsExactly(first);

        String second = agents.register("fleet", "EC2", 1024, 2048);
        String third = agents.register("fleet", "EC2", 1024, 2048);
        assertThat(hostsOfTasks())
                .containsExactlyElementsOf(
                        List.of(first, second, third).stream().sorted().toList());
        assertThat(ecs.describeServices(b -> b.cluster("fleet").services("collector"))
                        .services()
                        .get(0)
                        .desiredCount())
                .isEqualTo(3);

        ecs.deregisterContainerInstance(
                b -> b.cluster("fleet").containerInstance(second).force(true));
        assertThat(hostsOfTasks())
                .containsExactlyElementsOf(
                        List.of(first, third).stream().sorted().toList());
        assertThat(ecs.describeServices(b -> b.cluster("fleet").services("collector"))
                        .services()
                        .get(0)
                        .desiredCount())
                .isEqualTo(2);
    }

    @Test
    void aNewDeploymentOfADaemonServiceReplacesItsTasksHostByHost() throws Exception {
        String first = agents.register("fleet", "EC2", 1024, 2048);
        String second = agents.register("fleet", "EC2", 1024, 2048);
        ecs.createService(b -> b.cluster("fleet")
                .serviceName("collector")
                .taskDefinition("collector")
                .schedulingStrategy("DAEMON"));
        for (String arn : ecs.listTasks(b -> b.cluster("fleet")).taskArns()) {
            agents.report(arn.substring(arn.lastIndexOf('/') + 1), Map.of("lastStatus", "RUNNING"));
        }
        ecs.registerTaskDefinition(b -> b.family("collector")
                .networkMode("awsvpc")
                .cpu("128")
                .memory("128")
                .containerDefinitions(c -> c.name("agent").command("sleep", "601")));

        Service updated = ecs.updateService(
                        b -> b.cluster("fleet").service("collector").taskDefinition("collector"))
                .service();

        assertThat(updated.deployments()).hasSize(2);
        List<Task> live = ecs.describeTasks(b -> b.cluster("fleet")
                        .tasks(ecs.listTasks(l -> l.cluster("fleet")).taskArns()))
                .tasks();
        assertThat(live)
                .extracting(t ->
                        t.taskDefinitionArn().substring(t.taskDefinitionArn().lastIndexOf(':') + 1))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(live)
                .extracting(t -> t.containerInstanceArn()
                        .substring(t.containerInstanceArn().lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void fargateRefusesTheDaemonStrategyAsEcsDoes() {
        ecs.registerTaskDefinition(b -> b.family("fargate-collector")
                .networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE")
                .cpu("256")
                .memory("512")
                .containerDefinitions(c -> c.name("agent").command("true")));

        assertThatThrownBy(() -> ecs.createService(b -> b.cluster("fleet")
                        .serviceName("collector")
                        .taskDefinition("fargate-collector")
                        .launchType("FARGATE")
                        .schedulingStrategy("DAEMON")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("schedulingStrategy: DAEMON is not supported with launch type FARGATE");
    }
}
