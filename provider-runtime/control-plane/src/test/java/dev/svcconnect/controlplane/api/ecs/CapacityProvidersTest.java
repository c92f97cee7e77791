package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.DescribeCapacityProvidersResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceInUseException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class CapacityProvidersTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        ecs.createCluster(b -> b.clusterName("mixed"));
        ecs.registerTaskDefinition(b -> b.family("web")
                .networkMode("awsvpc")
                .cpu("256")
                .memory("512")
                .containerDefinitions(c -> c.name("app").command("true")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void describeCapacityProvidersAnswersTheBuiltInOnes() {
        DescribeCapacityProvidersResponse all = ecs.describeCapacityProviders(b -> {});
        assertThat(all.capacityProviders())
                .extracting(CapacityProvider::name, CapacityProvider::capacityProviderArn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "FARGATE", "arn:aws:ecs:us-east-1:000000000000:capacity-provider/FARGATE"),
                        org.assertj.core.groups.Tuple.tuple(
                                "FARGATE_SPOT", "arn:aws:ecs:us-east-1:000000000000:capacity-provider/FARGATE_SPOT"),
                        org.assertj.core.groups.Tuple.tuple(
                                "EC2", "arn:aws:ecs:us-east-1:000000000000:capacity-provider/EC2"));
        assertThat(all.capacityProviders())
                .allSatisfy(p -> assertThat(p.statusAsString()).isEqualTo("ACTIVE"));

        DescribeCapacityProvidersResponse some =
                ecs.describeCapacityProviders(b -> b.capacityProviders("FARGATE", "my-asg"));
        assertThat(some.capacityProviders()).extracting(CapacityProvider::name).containsExactly("FARGATE");
        assertThat(some.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:capacity-provider/my-asg");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
    }

    @Test
    void aServiceWithoutLaunchTypeSpreadsItsTasksByTheClusterDefaultStrategy() {
        Cluster cluster = ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("FARGATE", "FARGATE_SPOT")
                        .defaultCapacityProviderStrategy(
                                s -> s.capacityProvider("FARGATE").base(1).weight(1),
                                s -> s.capacityProvider("FARGATE_SPOT").weight(3)))
                .cluster();
        assertThat(cluster.capacityProviders()).containsExactly("FARGATE", "FARGATE_SPOT");

        Service service = ecs.createService(b -> b.cluster("mixed")
                        .serviceName("web")
                        .taskDefinition("web")
                        .desiredCount(5))
                .service();

        assertThat(service.launchType()).isNull();
        assertThat(service.capacityProviderStrategy())
                .extracting(s -> s.capacityProvider() + "/" + s.base() + "/" + s.weight())
                .containsExactly("FARGATE/1/1", "FARGATE_SPOT/0/3");
        var tasks = ecs.describeTasks(b -> b.cluster("mixed")
                        .tasks(ecs.listTasks(l -> l.cluster("mixed")).taskArns()))
                .tasks();
        assertThat(tasks).extracting(Task::launchTypeAsString).containsOnly("FARGATE");
        assertThat(tasks)
                .extracting(Task::capacityProviderName)
                .containsExactlyInAnyOrder("FARGATE", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE_SPOT", "FARGATE");
    }

    @Test
    void strategiesAreCheckedAsEcsChecksThem() {
        assertThatThrownBy(() -> ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("FARGATE")
                        .defaultCapacityProviderStrategy(s -> s.capacityProvider("FARGATE_SPOT"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("The specified capacity provider strategy cannot contain a capacity provider"
                        + " that is not associated with the cluster.");
        assertThatThrownBy(() -> ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("FARGATE", "EC2")
                        .defaultCapacityProviderStrategy(
                                s -> s.capacityProvider("FARGATE"), s -> s.capacityProvider("EC2"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("defaultCapacityProviderStrategy: a strategy cannot mix Fargate");
        assertThatThrownBy(() -> ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("FARGATE", "FARGATE_SPOT")
                        .defaultCapacityProviderStrategy(
                                s -> s.capacityProvider("FARGATE").base(1),
                                s -> s.capacityProvider("FARGATE_SPOT").base(2))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("defaultCapacityProviderStrategy: only one capacity provider in a strategy can"
                        + " have a base, 2 do");
        assertThatThrownBy(() -> ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("my-asg")
                        .defaultCapacityProviderStrategy(s -> s.capacityProvider("FARGATE"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("capacityProviders[0]: 'my-asg' is not a capacity provider (expected one of:"
                        + " FARGATE, FARGATE_SPOT, EC2)");
        assertThatThrownBy(() -> ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("FARGATE")
                        .defaultCapacityProviderStrategy(
                                s -> s.capacityProvider("FARGATE").weight(1001))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("defaultCapacityProviderStrategy[0].weight: 1001 (expected: 0-1000)");
    }

    @Test
    void aProviderThatAServiceUsesCannotBeRemovedFromItsCluster() {
        ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                .capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(
                        s -> s.capacityProvider("FARGATE").weight(1)));
        ecs.createService(b -> b.cluster("mixed")
                .serviceName("web")
                .taskDefinition("web")
                .capacityProviderStrategy(s -> s.capacityProvider("FARGATE").weight(1)));

        assertThatThrownBy(() -> ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                        .capacityProviders("EC2")
                        .defaultCapacityProviderStrategy(s -> s.capacityProvider("EC2"))))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageStartingWith("The specified capacity provider 'FARGATE' is in use by service web and cannot"
                        + " be removed.");
    }

    @Test
    void updateServiceMovesAServiceOntoAStrategyWithANewDeployment() {
        ecs.putClusterCapacityProviders(b -> b.cluster("mixed")
                .capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(
                        s -> s.capacityProvider("FARGATE").weight(1)));
        String first = ecs.createService(b -> b.cluster("mixed")
                        .serviceName("web")
                        .taskDefinition("web")
                        .desiredCount(1)
                        .launchType("FARGATE"))
                .service()
                .deployments()
                .get(0)
                .id();

        Service updated = ecs.updateService(b -> b.cluster("mixed")
                        .service("web")
                        .capacityProviderStrategy(
                                s -> s.capacityProvider("FARGATE_SPOT").weight(1)))
                .service();

        assertThat(updated.launchType()).isNull();
        assertThat(updated.deployments().get(0).id()).isNotEqualTo(first);
        assertThat(updated.deployments().get(0).capacityProviderStrategy())
                .extracting(s -> s.capacityProvider())
                .containsExactly("FARGATE_SPOT");
        var tasks = ecs.describeTasks(b -> b.cluster("mixed")
                        .tasks(ecs.listTasks(l -> l.cluster("mixed")).taskArns()))
                .tasks();
        assertThat(tasks)
                .filteredOn(
                        t -> t.startedBy().equals(updated.deployments().get(0).id()))
                .extracting(Task::capacityProviderName)
                .containsExactly("FARGATE_SPOT");
    }
}
