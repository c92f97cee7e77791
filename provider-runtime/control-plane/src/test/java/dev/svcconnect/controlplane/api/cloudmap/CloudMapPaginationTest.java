package dev.svcconnect.controlplane.api.cloudmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.GetInstancesHealthStatusResponse;
import software.amazon.awssdk.services.servicediscovery.model.InstanceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.InstanceSummary;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.ListInstancesResponse;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;
import software.amazon.awssdk.services.servicediscovery.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.ServiceSummary;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class CloudMapPaginationTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private ServiceDiscoveryClient cloudMap;
    private CloudMapSteps steps;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        cloudMap = fixture.cloudMap;
        steps = new CloudMapSteps(cloudMap);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void listInstancesPagesWithMaxResultsAndNextToken() {
        Service service = steps.service(steps.namespace("shop"), "cart");
        IntStream.range(0, 5).forEach(i -> steps.register(service, "i-" + i));

        ListInstancesResponse first =
                cloudMap.listInstances(b -> b.serviceId(service.id()).maxResults(2));
        ListInstancesResponse second = cloudMap.listInstances(
                b -> b.serviceId(service.id()).maxResults(2).nextToken(first.nextToken()));
        ListInstancesResponse last = cloudMap.listInstances(
                b -> b.serviceId(service.id()).maxResults(2).nextToken(second.nextToken()));

        assertThat(first.instances()).extracting(InstanceSummary::id).containsExactly("i-0", "i-1");
        assertThat(second.instances()).extracting(InstanceSummary::id).containsExactly("i-2", "i-3");
        assertThat(last.instances()).extracting(InstanceSummary::id).containsExactly("i-4");
        assertThat(last.nextToken()).isNull();
        assertThat(first.instances().get(0).attributes()).containsEntry("AWS_INSTANCE_PORT", "8080");
        assertThat(cloudMap
                        .listInstancesPaginator(b -> b.serviceId(service.id()).maxResults(1))
                        .stream()
                        .flatMap(page -> page.instances().stream())
                        .toList())
                .hasSize(5);
    }

    @Test
    void listServicesAndListNamespacesPageAndFilterAsCloudMapDocuments() {
        Namespace shop = steps.namespace("shop");
        Namespace shipping = steps.namespace("shipping");
        Namespace billing = steps.namespace("billing");
        List.of("a", "b", "c").forEach(name -> steps.service(shop, name));
        steps.service(shipping, "d");
        steps.service(billing, "e");

        assertThat(cloudMap.listServicesPaginator(b -> b.maxResults(2)).stream()
                        .flatMap(r -> r.services().stream())
                        .toList())
                .extracting(ServiceSummary::name)
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(cloudMap.listServices(b -> b.maxResults(2)).nextToken()).isNotNull();
        assertThat(cloudMap.listServices(b -> b.filters(
                                f -> f.name("NAMESPACE_ID").condition("IN").values(shop.id(), billing.id())))
                        .services())
                .extracting(ServiceSummary::name)
                .containsExactlyInAnyOrder("a", "b", "c", "e");
        assertThat(cloudMap.listNamespacesPaginator(b -> b.maxResults(1)).stream()
                        .flatMap(r -> r.namespaces().stream())
                        .toList())
                .extracting(NamespaceSummary::name)
                .containsExactlyInAnyOrder("shop", "shipping", "billing");
        assertThat(cloudMap.listNamespaces(b -> b.filters(
                                f -> f.name("NAME").condition("BEGINS_WITH").values("sh")))
                        .namespaces())
                .extracting(NamespaceSummary::name)
                .containsExactlyInAnyOrder("shop", "shipping");
        assertThat(cloudMap.listNamespaces(
                                b -> b.filters(f -> f.name("RESOURCE_OWNER").values("OTHER_ACCOUNTS")))
                        .namespaces())
                .isEmpty();
    }

    @Test
    void badTokensPageSizesAndFiltersAreInvalidInput() {
        Service service = steps.service(steps.namespace("shop"), "cart");

        assertThatThrownBy(() ->
                        cloudMap.listInstances(b -> b.serviceId(service.id()).nextToken("%%%")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NextToken: not a token this API gave");
        assertThatThrownBy(() -> cloudMap.listServices(b -> b.maxResults(101)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MaxResults: 101 (expected: 1-100)");
        assertThatThrownBy(() -> cloudMap.listNamespaces(b -> b.maxResults(0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MaxResults: 0 (expected: 1-100)");
        assertThatThrownBy(() -> cloudMap.listNamespaces(b ->
                        b.filters(f -> f.name("TYPE").condition("BEGINS_WITH").values("HT"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Condition: 'BEGINS_WITH' for TYPE (expected one of: EQ, IN)");
        assertThatThrownBy(() -> cloudMap.listServices(b -> b.filters(
                        f -> f.name("NAMESPACE_ID").condition("BEGINS_WITH").values("ns-"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Condition: 'BEGINS_WITH' for NAMESPACE_ID (expected one of: EQ, IN)");
    }

    @Test
    void getInstancesHealthStatusPagesTheStatusesOfTheInstancesAsked() {
        Namespace namespace = steps.namespace("shop");
        Service service = cloudMap.createService(
                        b -> b.name("cart").namespaceId(namespace.id()).healthCheckCustomConfig(c -> {}))
                .service();
        IntStream.range(0, 3).forEach(i -> steps.register(service, "i-" + i));
        cloudMap.updateInstanceCustomHealthStatus(
                b -> b.serviceId(service.id()).instanceId("i-1").status("UNHEALTHY"));

        GetInstancesHealthStatusResponse first =
                cloudMap.getInstancesHealthStatus(b -> b.serviceId(service.id()).maxResults(2));
        GetInstancesHealthStatusResponse second = cloudMap.getInstancesHealthStatus(
                b -> b.serviceId(service.id()).maxResults(2).nextToken(first.nextToken()));

        assertThat(first.statusAsStrings()).isEqualTo(Map.of("i-0", "HEALTHY", "i-1", "UNHEALTHY"));
        assertThat(second.statusAsStrings()).containsExactlyEntriesOf(Map.of("i-2", "HEALTHY"));
        assertThat(second.nextToken()).isNull();
        assertThat(cloudMap.getInstancesHealthStatus(
                                b -> b.serviceId(service.id()).instances("i-2", "i-1"))
                        .statusAsStrings())
                .isEqualTo(Map.of("i-2", "HEALTHY", "i-1", "UNHEALTHY"));
        assertThatThrownBy(() -> cloudMap.getInstancesHealthStatus(
                        b -> b.serviceId(service.id()).instances("i-9")))
                .isInstanceOf(InstanceNotFoundException.class)
                .hasMessageContaining("Instance 'i-9' not found in service '" + service.id() + "'.");
        assertThatThrownBy(() -> cloudMap.getInstancesHealthStatus(b -> b.serviceId(service.id())
                        .instances(
                                IntStream.range(0, 101).mapToObj(i -> "i-" + i).toList())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Instances: 101 items (expected: 1-100)");
    }
}
