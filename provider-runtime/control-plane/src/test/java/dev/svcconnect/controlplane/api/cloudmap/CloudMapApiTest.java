package dev.svcconnect.controlplane.api.cloudmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.CustomHealthNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.CustomHealthStatus;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatus;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;
import software.amazon.awssdk.services.servicediscovery.model.HttpInstanceSummary;
import software.amazon.awssdk.services.servicediscovery.model.InstanceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceAlreadyExistsException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.OperationNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;
import software.amazon.awssdk.services.servicediscovery.model.ResourceInUseException;
import software.amazon.awssdk.services.servicediscovery.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.ServiceAlreadyExistsException;
import software.amazon.awssdk.services.servicediscovery.model.ServiceNotFoundException;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class CloudMapApiTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private ServiceDiscoveryClient cloudMap;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        cloudMap = fixture.cloudMap;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Namespace namespace(String name) {
        String operationId = cloudMap.createHttpNamespace(b -> b.name(name)).operationId();
        Operation operation =
                cloudMap.getOperation(b -> b.operationId(operationId)).operation();
        assertThat(operation.status()).isEqualTo(OperationStatus.SUCCESS);
        String id = operation.targetsAsStrings().get("NAMESPACE");
        return cloudMap.getNamespace(b -> b.id(id)).namespace();
    }

    private Service service(Namespace namespace, String name, boolean customHealth) {
        return cloudMap.createService(b -> {
                    b.name(name).namespaceId(namespace.id());
                    if (customHealth) {
                        b.healthCheckCustomConfig(c -> {});
                    }
                })
                .service();
    }

    private void register(Service service, String id, String ip, String port, Map<String, String> more) {
        Map<String, String> attributes = new java.util.HashMap<>(more);
        attributes.put("AWS_INSTANCE_IPV4", ip);
        attributes.put("AWS_INSTANCE_PORT", port);
        cloudMap.registerInstance(b -> b.serviceId(service.id()).instanceId(id).attributes(attributes));
    }

    @Test
    void createHttpNamespaceAnswersAnOperationAndTheNamespaceIsListed() {
        Namespace namespace = namespace("svc-namespace");

        assertThat(namespace.id()).matches("ns-[a-z2-7]{16}");
        assertThat(namespace.typeAsString()).isEqualTo("HTTP");
        assertThat(namespace.properties().httpProperties().httpName()).isEqualTo("svc-namespace");
        assertThat(namespace.serviceCount()).isZero();
        assertThat(cloudMap.listNamespaces(b -> b.filters(f -> f.name("NAME").values("svc-namespace")))
                        .namespaces())
                .singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(namespace.id()));
        assertThat(cloudMap.listNamespaces(b -> b.filters(f -> f.name("NAME").values("other")))
                        .namespaces())
                .isEmpty();
        assertThatThrownBy(() -> cloudMap.createHttpNamespace(b -> b.name("svc-namespace")))
                .isInstanceOf(NamespaceAlreadyExistsException.class);
        assertThatThrownBy(() -> cloudMap.getOperation(b -> b.operationId("nope")))
                .isInstanceOf(OperationNotFoundException.class);
    }

    @Test
    void updateHttpNamespaceSetsTheDescriptionThroughAnOperationThatSucceedsAndARetryAnswersTheSameOperation() {
        Namespace namespace = namespace("svc-namespace");

        String operationId = cloudMap.updateHttpNamespace(b -> b.id(namespace.id())
                        .updaterRequestId("update-1")
                        .namespace(n -> n.description("the shop's services")))
                .operationId();

        Operation operation =
                cloudMap.getOperation(b -> b.operationId(operationId)).operation();
        assertThat(operation.status()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(operation.typeAsString()).isEqualTo("UPDATE_NAMESPACE");
        assertThat(operation.targetsAsStrings()).containsEntry("NAMESPACE", namespace.id());
        assertThat(cloudMap.getNamespace(b -> b.id(namespace.id())).namespace().description())
                .isEqualTo("the shop's services");
        assertThat(cloudMap.updateHttpNamespace(b -> b.id(namespace.arn())
                                .updaterRequestId("update-1")
                                .namespace(n -> n.description("the shop's services")))
                        .operationId())
                .isEqualTo(operationId);
        assertThat(cloudMap.updateHttpNamespace(b -> b.id(namespace.id()).namespace(n -> n.description("")))
                        .operationId())
                .isNotEqualTo(operationId);
        assertThat(cloudMap.getNamespace(b -> b.id(namespace.id())).namespace().description())
                .isEmpty();
    }

    @Test
    void updateHttpNamespaceOfAnUnknownNamespaceOrWithoutADescriptionIsRefused() {
        Namespace namespace = namespace("svc-namespace");

        assertThatThrownBy(
                        () -> cloudMap.updateHttpNamespace(b -> b.id("ns-nope").namespace(n -> n.description("x"))))
                .isInstanceOf(NamespaceNotFoundException.class)
                .hasMessageContaining("Namespace 'ns-nope' not found.");
        assertThatThrownBy(() -> cloudMap.updateHttpNamespace(
                        b -> b.id(namespace.id()).namespace(n -> n.description("x".repeat(1025)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Namespace.Description: 1025 characters (expected: at most 1024)");
        assertThatThrownBy(() -> cloudMap.updateHttpNamespace(b -> b.id(namespace.id())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Namespace: is required");
    }

    @Test
    void aNamespaceWithServicesCannotBeDeleted() {
        Namespace namespace = namespace("ns");
        Service service = service(namespace, "web", false);

        assertThatThrownBy(() -> cloudMap.deleteNamespace(b -> b.id(namespace.id())))
                .isInstanceOf(ResourceInUseException.class);
        register(service, "i-1", "10.0.0.1", "8080", Map.of());
        assertThatThrownBy(() -> cloudMap.deleteService(b -> b.id(service.id())))
                .isInstanceOf(ResourceInUseException.class);

        cloudMap.deregisterInstance(b -> b.serviceId(service.id()).instanceId("i-1"));
        cloudMap.deleteService(b -> b.id(service.id()));
        cloudMap.deleteNamespace(b -> b.id(namespace.id()));
        assertThatThrownBy(() -> cloudMap.getNamespace(b -> b.id(namespace.id())))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> cloudMap.getService(b -> b.id(service.id())))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void servicesAreCreatedOncePerNamespaceAndListedByNamespace() {
        Namespace a = namespace("a");
        Namespace b = namespace("b");
        Service web = service(a, "web", true);
        service(b, "web", false);

        assertThat(web.arn()).isEqualTo("arn:aws:servicediscovery:us-east-1:000000000000:service/" + web.id());
        assertThat(cloudMap.getService(r -> r.id(web.arn())).service().name()).isEqualTo("web");
        assertThatThrownBy(() -> service(a, "web", false)).isInstanceOf(ServiceAlreadyExistsException.class);
        assertThat(cloudMap.listServices(
                                r -> r.filters(f -> f.name("NAMESPACE_ID").values(a.id())))
                        .services())
                .singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(web.id()));
        assertThat(cloudMap.getNamespace(r -> r.id(a.id())).namespace().serviceCount())
                .isEqualTo(1);
        assertThatThrownBy(() -> service(namespace("c"), "bad name!", false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Name: 'bad name!'");
    }

    @Test
    void instancesAreRegisteredListedAndDiscoveredWithTheirAttributes() {
        Namespace namespace = namespace("ns");
        Service web = service(namespace, "web", false);
        register(web, "i-1", "10.0.0.1", "8080", Map.of("stage", "blue"));
        register(web, "i-2", "10.0.0.2", "8080", Map.of("stage", "green"));

        assertThat(cloudMap.getInstance(b -> b.serviceId(web.id()).instanceId("i-1"))
                        .instance()
                        .attributes())
                .containsEntry("AWS_INSTANCE_IPV4", "10.0.0.1")
                .containsEntry("stage", "blue");
        assertThat(cloudMap.listInstances(b -> b.serviceId(web.id())).instances())
                .hasSize(2);
        assertThat(cloudMap.discoverInstances(b -> b.namespaceName("ns").serviceName("web"))
                        .instances())
                .extracting(HttpInstanceSummary::instanceId)
                .containsExactlyInAnyOrder("i-1", "i-2");
        assertThat(cloudMap.discoverInstances(
                                b -> b.namespaceName("ns").serviceName("web").queryParameters(Map.of("stage", "green")))
                        .instances())
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.instanceId()).isEqualTo("i-2");
                    assertThat(i.healthStatus()).isEqualTo(HealthStatus.UNKNOWN);
                });
        assertThat(cloudMap.discoverInstances(b ->
                                b.namespaceName("ns").serviceName("web").optionalParameters(Map.of("stage", "purple")))
                        .instances())
                .hasSize(2);
        assertThatThrownBy(() -> cloudMap.getInstance(b -> b.serviceId(web.id()).instanceId("i-9")))
                .isInstanceOf(InstanceNotFoundException.class);
        assertThatThrownBy(() ->
                        cloudMap.discoverInstances(b -> b.namespaceName("ns").serviceName("nope")))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void theInstancesRevisionGrowsWithEachRegistration() {
        Namespace namespace = namespace("ns");
        Service web = service(namespace, "web", false);
        long before = cloudMap.discoverInstancesRevision(
                        b -> b.namespaceName("ns").serviceName("web"))
                .instancesRevision();

        register(web, "i-1", "10.0.0.1", "8080", Map.of());

        long after = cloudMap.discoverInstancesRevision(
                        b -> b.namespaceName("ns").serviceName("web"))
                .instancesRevision();
        assertThat(after).isGreaterThan(before);
        assertThat(cloudMap.discoverInstances(b -> b.namespaceName("ns").serviceName("web"))
                        .instancesRevision())
                .isEqualTo(after);
    }

    @Test
    void customHealthFiltersDiscovery() {
        Namespace namespace = namespace("ns");
        Service web = service(namespace, "web", true);
        register(web, "i-1", "10.0.0.1", "8080", Map.of());
        register(web, "i-2", "10.0.0.2", "8080", Map.of("AWS_INIT_HEALTH_STATUS", "UNHEALTHY"));

        assertThat(cloudMap.getInstancesHealthStatus(b -> b.serviceId(web.id())).statusAsStrings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("i-1", "HEALTHY", "i-2", "UNHEALTHY"));
        assertThat(cloudMap.discoverInstances(b -> b.namespaceName("ns").serviceName("web"))
                        .instances())
                .extracting(HttpInstanceSummary::instanceId)
                .containsExactly("i-1");

        cloudMap.updateInstanceCustomHealthStatus(
                b -> b.serviceId(web.id()).instanceId("i-1").status(CustomHealthStatus.UNHEALTHY));

        assertThat(cloudMap.discoverInstances(b -> b.namespaceName("ns").serviceName("web"))
                        .instances())
                .isEmpty();
        assertThat(cloudMap.discoverInstances(b -> b.namespaceName("ns")
                                .serviceName("web")
                                .healthStatus(HealthStatusFilter.HEALTHY_OR_ELSE_ALL))
                        .instances())
                .hasSize(2);
        assertThat(cloudMap.discoverInstances(
                                b -> b.namespaceName("ns").serviceName("web").healthStatus(HealthStatusFilter.ALL))
                        .instances())
                .hasSize(2);
    }

    @Test
    void customHealthNeedsAServiceWithHealthCheckCustomConfig() {
        Service plain = service(namespace("ns"), "web", false);
        register(plain, "i-1", "10.0.0.1", "8080", Map.of());

        assertThatThrownBy(() -> cloudMap.updateInstanceCustomHealthStatus(
                        b -> b.serviceId(plain.id()).instanceId("i-1").status(CustomHealthStatus.HEALTHY)))
                .isInstanceOf(CustomHealthNotFoundException.class);
    }

    @Test
    void missingFieldsAnswerInvalidInputNamingTheField() {
        assertThatThrownBy(() -> cloudMap.createHttpNamespace(b -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Name: is required");
        assertThatThrownBy(() ->
                        cloudMap.registerInstance(b -> b.serviceId("srv-x").instanceId("i")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Attributes: is required");
        assertThatThrownBy(() -> cloudMap.registerInstance(
                        b -> b.serviceId("srv-x").instanceId("i").attributes(Map.of("a", "b"))))
                .isInstanceOf(ServiceNotFoundException.class);
    }
}
