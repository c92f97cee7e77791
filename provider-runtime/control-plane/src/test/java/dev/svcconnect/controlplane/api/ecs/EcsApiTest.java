package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class EcsApiTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void createClusterWithServiceConnectDefaultsCreatesTheHttpNamespaceAsEcsDoes() {
        Cluster cluster = ecs.createCluster(
                        b -> b.clusterName("svc-cluster-2").serviceConnectDefaults(d -> d.namespace("svc-namespace")))
                .cluster();

        assertThat(cluster.clusterArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/svc-cluster-2");
        assertThat(cluster.status()).isEqualTo("ACTIVE");
        List<NamespaceSummary> namespaces =
                fixture.cloudMap.listNamespaces(b -> {}).namespaces();
        assertThat(namespaces).singleElement().satisfies(ns -> {
            assertThat(ns.name()).isEqualTo("svc-namespace");
            assertThat(ns.typeAsString()).isEqualTo("HTTP");
            assertThat(ns.arn()).matches("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-[a-z2-7]{16}");
            assertThat(cluster.serviceConnectDefaults().namespace()).isEqualTo(ns.arn());
        });
    }

    @Test
    void clustersAreDescribedListedUpdatedAndDeleted() {
        ecs.createCluster(b -> b.clusterName("a"));
        ecs.createCluster(b -> b.clusterName("a"));
        ecs.createCluster(b -> b.clusterName("b"));

        assertThat(ecs.listClusters(b -> {}).clusterArns())
                .containsExactly(
                        "arn:aws:ecs:us-east-1:000000000000:cluster/a", "arn:aws:ecs:us-east-1:000000000000:cluster/b");
        var described = ecs.describeClusters(b -> b.clusters("a", "missing"));
        assertThat(described.clusters()).extracting(Cluster::clusterName).containsExactly("a");
        assertThat(described.failures())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));

        Cluster updated = ecs.updateCluster(b -> b.cluster("a").serviceConnectDefaults(d -> d.namespace("later")))
                .cluster();
        assertThat(updated.serviceConnectDefaults().namespace()).contains(":namespace/ns-");

        assertThat(ecs.deleteCluster(b -> b.cluster("b")).cluster().status()).isEqualTo("INACTIVE");
        assertThat(ecs.listClusters(b -> {}).clusterArns()).hasSize(1);
        assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("b")))
                .isInstanceOf(ClusterNotFoundException.class)
                .hasMessageContaining("Cluster not found");
    }

    @Test
    void aClusterWithAnActiveServiceCannotBeDeleted() {
        SdkClients.cluster(ecs, "c", "ns");
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        SdkClients.scService(ecs, "c", "web", "web", "http", "web", "web.ns", 80, 0);

        assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("c")))
                .isInstanceOf(ClusterContainsServicesException.class);
    }

    @Test
    void taskDefinitionsHaveRevisionsAndEcsDefaults() {
        TaskDefinition first = SdkClients.taskDefinition(ecs, "webui", "webui-port", 8080, "http")
                .taskDefinition();
        TaskDefinition second = SdkClients.taskDefinition(ecs, "webui", "webui-port", 8081, "http")
                .taskDefinition();

        assertThat(first.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/webui:1");
        assertThat(second.revision()).isEqualTo(2);
        assertThat(first.compatibilitiesAsStrings()).containsExactly("EC2", "FARGATE");
        ContainerDefinition container = first.containerDefinitions().get(0);
        assertThat(container.essential()).isTrue();
        assertThat(container.portMappings().get(0).hostPort()).isEqualTo(8080);
        assertThat(container.portMappings().get(0).protocolAsString()).isEqualTo("tcp");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("webui"))
                        .taskDefinition()
                        .revision())
                .isEqualTo(2);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("webui:1")).taskDefinition())
                .isEqualTo(first);
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("webui").sort("DESC"))
                        .taskDefinitionArns())
                .containsExactly(second.taskDefinitionArn(), first.taskDefinitionArn());

        TaskDefinition deregistered =
                ecs.deregisterTaskDefinition(b -> b.taskDefinition("webui:2")).taskDefinition();
        assertThat(deregistered.statusAsString()).isEqualTo("INACTIVE");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("webui"))
                        .taskDefinition()
                        .revision())
                .isEqualTo(1);
        assertThat(ecs.listTaskDefinitions(b -> b.status("INACTIVE")).taskDefinitionArns())
                .containsExactly(deregistered.taskDefinitionArn());
    }

    @Test
    void taskDefinitionRulesAnswerClientException() {
        assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("nope:1")))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Unable to describe task definition 'nope:1'");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("f")
                        .requiresCompatibilitiesWithStrings("FARGATE")
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("a").image("i"))))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Fargate only supports network mode 'awsvpc'");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("f")
                        .containerDefinitions(c -> c.name("a")
                                .portMappings(p -> p.containerPort(80).appProtocol("http")))))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("'appProtocol' cannot be set without 'name'");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("f")
                        .containerDefinitions(c ->
                                c.name("a").portMappings(p -> p.name("Web Port").containerPort(80)))))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("containerDefinitions[0].portMappings[0].name: 'Web Port'");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("f")
                        .containerDefinitions(
                                c -> c.name("a").portMappings(p -> p.name("web").containerPort(70000)))))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("containerPort: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.family("f")))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("containerDefinitions");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(b -> b.containerDefinitions(c -> c.name("a"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("family: is required");
    }

    @Test
    void createServiceMakesProvisioningTasksOfItsPrimaryDeploymentAndItsCloudMapService() {
        SdkClients.cluster(ecs, "svc-cluster-2", "svc-namespace");
        SdkClients.taskDefinition(ecs, "webui-svc-cluster", "webui-port", 8080, "http");

        Service service = SdkClients.scService(
                ecs,
                "svc-cluster-2",
                "webui",
                "webui-svc-cluster",
                "webui-port",
                "webui-svc",
                "webui-svc-domain",
                80,
                2);

        assertThat(service.serviceArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/svc-cluster-2/webui");
        assertThat(service.status()).isEqualTo("ACTIVE");
        assertThat(service.pendingCount()).isEqualTo(2);
        Deployment deployment = service.deployments().get(0);
        assertThat(deployment.status()).isEqualTo("PRIMARY");
        assertThat(deployment.id()).matches("ecs-svc/[0-9]{19}");
        assertThat(deployment
                        .serviceConnectConfiguration()
                        .services()
                        .get(0)
                        .clientAliases()
                        .get(0)
                        .dnsName())
                .isEqualTo("webui-svc-domain");
        assertThat(deployment.serviceConnectResources()).singleElement().satisfies(r -> {
            assertThat(r.discoveryName()).isEqualTo("webui-svc");
            assertThat(r.discoveryArn())
                    .matches("arn:aws:servicediscovery:us-east-1:000000000000:service/srv-[a-z2-7]{16}");
        });
        assertThat(fixture.cloudMap.listServices(b -> {}).services())
                .singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo("webui-svc"));

        List<String> taskArns = ecs.listTasks(b -> b.cluster("svc-cluster-2").serviceName("webui"))
                .taskArns();
        assertThat(taskArns).hasSize(2);
        List<Task> tasks = ecs.describeTasks(b -> b.cluster("svc-cluster-2").tasks(taskArns))
                .tasks();
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.lastStatus()).isEqualTo("PROVISIONING");
            assertThat(task.desiredStatus()).isEqualTo("RUNNING");
            assertThat(task.startedBy()).isEqualTo(deployment.id());
            assertThat(task.group()).isEqualTo("service:webui");
            assertThat(task.taskArn()).matches("arn:aws:ecs:us-east-1:000000000000:task/svc-cluster-2/[0-9a-f]{32}");
        });
        assertThat(ecs.listServices(b -> b.cluster("svc-cluster-2")).serviceArns())
                .containsExactly(service.serviceArn());
        assertThat(ecs.listServicesByNamespace(b -> b.namespace("svc-namespace"))
                        .serviceArns())
                .containsExactly(service.serviceArn());
        assertThat(ecs.describeServices(b ->
                                b.cluster("svc-cluster-2").services("webui").include(ServiceField.TAGS))
                        .services()
                        .get(0))
                .isEqualTo(service.toBuilder().build());
        assertThat(ecs.describeServices(b -> b.cluster("svc-cluster-2").services("webui"))
                        .services()
                        .get(0)
                        .hasTags())
                .isFalse();
    }

    @Test
    void updateServiceScalesAndStartsANewDeploymentForANewTaskDefinition() {
        SdkClients.cluster(ecs, "c", "ns");
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        Service created = SdkClients.scService(ecs, "c", "web", "web", "http", "web", "web.ns", 80, 1);

        Service scaled = ecs.updateService(b -> b.cluster("c").service("web").desiredCount(3))
                .service();
        assertThat(scaled.desiredCount()).isEqualTo(3);
        assertThat(ecs.listTasks(b -> b.cluster("c")).taskArns()).hasSize(3);
        assertThat(scaled.deployments())
                .singleElement()
                .satisfies(d -> assertThat(d.id())
                        .isEqualTo(created.deployments().get(0).id()));

        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        Service redeployed = ecs.updateService(
                        b -> b.cluster("c").service("web").taskDefinition("web:2"))
                .service();
        assertThat(redeployed.taskDefinition()).endsWith("task-definition/web:2");
        assertThat(redeployed.deployments().get(0).status()).isEqualTo("PRIMARY");
        assertThat(redeployed.deployments().get(0).id())
                .isNotEqualTo(created.deployments().get(0).id());
        List<Task> running = ecs.describeTasks(b ->
                        b.cluster("c").tasks(ecs.listTasks(l -> l.cluster("c")).taskArns()))
                .tasks();
        assertThat(running)
                .hasSize(3)
                .allSatisfy(t -> assertThat(t.taskDefinitionArn()).endsWith("web:2"));
    }

    @Test
    void stopTaskStopsItAndTheServiceReplacesIt() {
        SdkClients.cluster(ecs, "c", "ns");
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        SdkClients.scService(ecs, "c", "web", "web", "http", "web", "web.ns", 80, 1);
        String taskArn = ecs.listTasks(b -> b.cluster("c")).taskArns().get(0);

        Task stopped = ecs.stopTask(b -> b.cluster("c").task(taskArn).reason("testing"))
                .task();

        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).isEqualTo("testing");
        assertThat(ecs.listTasks(b -> b.cluster("c").desiredStatus(DesiredStatus.STOPPED))
                        .taskArns())
                .containsExactly(taskArn);
        assertThat(ecs.listTasks(b -> b.cluster("c")).taskArns()).hasSize(1).doesNotContain(taskArn);
    }

    @Test
    void deleteServiceNeedsForceWhileScaledAboveZero() {
        SdkClients.cluster(ecs, "c", "ns");
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        SdkClients.scService(ecs, "c", "web", "web", "http", "web", "web.ns", 80, 2);

        assertThatThrownBy(() -> ecs.deleteService(b -> b.cluster("c").service("web")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("The service cannot be stopped while it is scaled above 0.");
        Service deleted = ecs.deleteService(b -> b.cluster("c").service("web").force(true))
                .service();

        assertThat(deleted.status()).isEqualTo("INACTIVE");
        assertThat(ecs.listServices(b -> b.cluster("c")).serviceArns()).isEmpty();
        assertThat(fixture.cloudMap.listServices(b -> {}).services()).isEmpty();
        assertThatThrownBy(() ->
                        ecs.updateService(b -> b.cluster("c").service("web").desiredCount(1)))
                .isInstanceOf(software.amazon.awssdk.services.ecs.model.ServiceNotActiveException.class);
        assertThatThrownBy(() -> ecs.deleteService(b -> b.cluster("c").service("missing")))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void unknownClusterAndTaskDefinitionAreRefused() {
        assertThatThrownBy(() -> ecs.listServices(b -> b.cluster("nope"))).isInstanceOf(ClusterNotFoundException.class);
        SdkClients.cluster(ecs, "c", "ns");
        assertThatThrownBy(() -> SdkClients.scService(ecs, "c", "web", "web", "http", "web", "web.ns", 80, 1))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Unable to describe task definition 'web'");
        assertThatThrownBy(() -> ecs.createService(b -> b.cluster("c").taskDefinition("web")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("serviceName: is required");
        assertThatThrownBy(() -> ecs.listServicesByNamespace(b -> b.namespace("nowhere")))
                .isInstanceOf(software.amazon.awssdk.services.ecs.model.NamespaceNotFoundException.class)
                .hasMessageContaining("namespace: 'nowhere' not found.");
    }
}
