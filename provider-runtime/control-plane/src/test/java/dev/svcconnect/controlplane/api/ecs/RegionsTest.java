package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

/**
 * Each call is for the region of its signature, as in AWS: the same names in two regions are two
 * resources, each region lists and finds only its own, and ARNs carry the region they live in.
 */
class RegionsTest {

    private static final String EAST = "arn:aws:ecs:us-east-1:000000000000:";
    private static final String WEST = "arn:aws:ecs:eu-west-1:000000000000:";

    @TempDir
    Path data;

    @TempDir
    Path home;

    private ControlPlaneFixture fixture;
    private EcsClient east;
    private EcsClient west;
    private ServiceDiscoveryClient eastMap;
    private ServiceDiscoveryClient westMap;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        east = fixture.ecs;
        eastMap = fixture.cloudMap;
        west = ControlPlaneFixture.ecs(fixture.server.endpoint(), fixture.credentials, Region.EU_WEST_1);
        westMap = ControlPlaneFixture.cloudMap(fixture.server.endpoint(), fixture.credentials, Region.EU_WEST_1);
        for (EcsClient ecs : List.of(east, west)) {
            SdkClients.cluster(ecs, "shop", "shop-ns");
            SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
            SdkClients.scService(ecs, "shop", "web", "web", "http", "web", "web.shop", 80, 1);
        }
    }

    @AfterEach
    void stop() {
        west.close();
        westMap.close();
        fixture.close();
    }

    @Test
    void theSameNamesInTwoRegionsAreTwoResourcesWithTheirRegionInTheirArns() {
        assertThat(east.listClusters().clusterArns()).containsExactly(EAST + "cluster/shop");
        assertThat(west.listClusters().clusterArns()).containsExactly(WEST + "cluster/shop");
        assertThat(east.listTaskDefinitions().taskDefinitionArns()).containsExactly(EAST + "task-definition/web:1");
        assertThat(west.listTaskDefinitions().taskDefinitionArns()).containsExactly(WEST + "task-definition/web:1");
        assertThat(west.listServices(b -> b.cluster("shop")).serviceArns()).containsExactly(WEST + "service/shop/web");
        assertThat(west.listTaskDefinitionFamilies().families()).containsExactly("web");

        String westTask = west.listTasks(b -> b.cluster("shop")).taskArns().get(0);
        assertThat(westTask).startsWith(WEST + "task/shop/");
        assertThat(east.describeTasks(b -> b.cluster("shop").tasks(westTask)).failures())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));

        List<NamespaceSummary> westNamespaces = westMap.listNamespaces().namespaces();
        assertThat(westNamespaces).singleElement().satisfies(ns -> {
            assertThat(ns.name()).isEqualTo("shop-ns");
            assertThat(ns.arn()).startsWith("arn:aws:servicediscovery:eu-west-1:000000000000:namespace/ns-");
        });
        assertThat(eastMap.listNamespaces().namespaces())
                .singleElement()
                .satisfies(ns ->
                        assertThat(ns.id()).isNotEqualTo(westNamespaces.get(0).id()));
        assertThat(west.describeServices(b -> b.cluster("shop").services("web"))
                        .services()
                        .get(0)
                        .deployments()
                        .get(0)
                        .serviceConnectConfiguration()
                        .namespace())
                .isEqualTo(westNamespaces.get(0).arn());
        assertThat(westMap.listServices().services())
                .singleElement()
                .satisfies(s -> assertThat(s.arn()).contains(":eu-west-1:"));
    }

    @Test
    void anotherRegionsResourceIsNotFoundFromThisOne() {
        String westNamespace = westMap.listNamespaces().namespaces().get(0).id();
        assertThatThrownBy(() -> eastMap.getNamespace(b -> b.id(westNamespace)))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThat(east.describeClusters(b -> b.clusters(WEST + "cluster/shop")).failures())
                .singleElement()
                .satisfies(f -> assertThat(f.arn()).isEqualTo(WEST + "cluster/shop"));
        assertThatThrownBy(() -> east.listTagsForResource(b -> b.resourceArn(WEST + "cluster/shop")))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> east.listTagsForResource(b -> b.resourceArn(WEST + "task-definition/web:1")))
                .isInstanceOf(ResourceNotFoundException.class);

        east.deleteService(b -> b.cluster("shop").service("web").force(true));
        assertThat(west.describeServices(b -> b.cluster("shop").services("web"))
                        .services()
                        .get(0)
                        .status())
                .isEqualTo("ACTIVE");
    }

    @Test
    void theAwsCliCallsTheRegionItIsGiven() throws Exception {
        AwsCli cli = AwsCli.admin(fixture.server.endpoint(), home, data);
        cli.ok("ecs", "create-cluster", "--cluster-name", "batch", "--region", "eu-west-1");

        JsonNode west = Json.mapper().readTree(cli.ok("ecs", "list-clusters", "--region", "eu-west-1"));
        JsonNode east = Json.mapper().readTree(cli.ok("ecs", "list-clusters"));
        assertThat(west.get("clusterArns").toString()).contains(WEST + "cluster/batch", WEST + "cluster/shop");
        assertThat(east.get("clusterArns").toString())
                .contains(EAST + "cluster/shop")
                .doesNotContain("batch", "eu-west-1");
        assertThat(cli.run("ecs", "list-clusters", "--region", "nowhere").output())
                .contains("InvalidSignatureException", "valid region");
    }

    @Test
    void aHostJoinsTheClusterOfAnotherRegionByItsArnAndRunsItsTasks() throws Exception {
        HostAgents agents = new HostAgents(fixture.server.endpoint(), fixture.server.adminCredentials());
        String westHost = agents.register(WEST + "cluster/shop", "FARGATE", 4096, 8192);
        String eastHost = agents.register("shop", "FARGATE", 4096, 8192);

        assertThat(west.listContainerInstances(b -> b.cluster("shop")).containerInstanceArns())
                .containsExactly(WEST + "container-instance/shop/" + westHost);
        assertThat(east.listContainerInstances(b -> b.cluster("shop")).containerInstanceArns())
                .containsExactly(EAST + "container-instance/shop/" + eastHost);
        JsonNode westTasks = agents.assignments(westHost);
        assertThat(westTasks).hasSize(1);
        assertThat(westTasks.get(0).path("task").path("taskArn").asText()).startsWith(WEST + "task/shop/");
        assertThat(agents.assignments(eastHost)
                        .get(0)
                        .path("task")
                        .path("taskArn")
                        .asText())
                .startsWith(EAST + "task/shop/");
    }
}
