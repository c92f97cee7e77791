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
import software.amazon.awssdk.services.servicediscovery.model.HealthCheckType;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.RecordType;
import software.amazon.awssdk.services.servicediscovery.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.ServiceNotFoundException;

class UpdateServiceTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private ServiceDiscoveryClient cloudMap;
    private Namespace namespace;
    private Service service;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        cloudMap = fixture.cloudMap;
        CloudMapSteps steps = new CloudMapSteps(cloudMap);
        namespace = steps.namespace("shop");
        service = steps.service(namespace, "cart");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Service current() {
        return cloudMap.getService(b -> b.id(service.id())).service();
    }

    @Test
    void updateServiceSetsTheDescriptionAndHealthCheckThroughAnUpdateServiceOperation() {
        String operationId = cloudMap.updateService(b -> b.id(service.id())
                        .service(s -> s.description("carts of the shop")
                                .healthCheckConfig(h -> h.type(HealthCheckType.HTTP)
                                        .resourcePath("/health")
                                        .failureThreshold(3))))
                .operationId();

        Operation operation =
                cloudMap.getOperation(b -> b.operationId(operationId)).operation();
        assertThat(operation.statusAsString()).isEqualTo("SUCCESS");
        assertThat(operation.typeAsString()).isEqualTo("UPDATE_SERVICE");
        assertThat(operation.targetsAsStrings()).containsExactlyEntriesOf(Map.of("SERVICE", service.id()));
        assertThat(current().description()).isEqualTo("carts of the shop");
        assertThat(current().healthCheckConfig().resourcePath()).isEqualTo("/health");
        assertThat(current().healthCheckConfig().failureThreshold()).isEqualTo(3);
    }

    @Test
    void anUpdateWithoutHealthCheckConfigRemovesItAndKeepsTheDescriptionWhenOmitted() {
        cloudMap.updateService(b -> b.id(service.arn())
                .service(s -> s.description("carts").healthCheckConfig(h -> h.type(HealthCheckType.TCP))));

        cloudMap.updateService(b -> b.id(service.id()).service(s -> {}));

        assertThat(current().healthCheckConfig()).isNull();
        assertThat(current().description()).isEqualTo("carts");
    }

    @Test
    void changesThatAnHttpNamespacesServiceCannotTakeAreInvalidInput() {
        assertThatThrownBy(() -> cloudMap.updateService(b -> b.id(service.id())
                        .service(s -> s.dnsConfig(
                                d -> d.dnsRecords(r -> r.type(RecordType.A).ttl(60L))))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Service.DnsConfig: a service of an HTTP namespace has no DNS records to change");
        assertThatThrownBy(() -> cloudMap.updateService(b -> b.id(service.id())
                        .service(s -> s.healthCheckConfig(
                                h -> h.type(HealthCheckType.HTTP).failureThreshold(11)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Service.HealthCheckConfig.FailureThreshold: 11 (expected: 1-10)");
        assertThatThrownBy(() -> cloudMap.updateService(b -> b.id(service.id())
                        .service(s -> s.healthCheckConfig(
                                h -> h.type(HealthCheckType.TCP).resourcePath("/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "Service.HealthCheckConfig.ResourcePath: '/' (expected: none for a TCP health check)");
        assertThatThrownBy(() ->
                        cloudMap.updateService(b -> b.id(service.id()).service(s -> s.description("x".repeat(1025)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Service.Description: 1025 characters (expected: at most 1024)");
        assertThatThrownBy(() -> cloudMap.updateService(b -> b.id(service.id())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Service: is required");
    }

    @Test
    void aCustomHealthServiceTakesNoHealthCheckConfigAndAnUnknownServiceIsNotFound() {
        Service custom = cloudMap.createService(
                        b -> b.name("pay").namespaceId(namespace.id()).healthCheckCustomConfig(c -> {}))
                .service();

        assertThatThrownBy(() -> cloudMap.updateService(b ->
                        b.id(custom.id()).service(s -> s.healthCheckConfig(h -> h.type(HealthCheckType.HTTP)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Service.HealthCheckConfig: service '" + custom.id()
                        + "' has a HealthCheckCustomConfig, which cannot be combined with a HealthCheckConfig.");
        assertThatThrownBy(() -> cloudMap.updateService(b -> b.id("srv-nope").service(s -> s.description("x"))))
                .isInstanceOf(ServiceNotFoundException.class)
                .hasMessageContaining("Service 'srv-nope' not found.");
    }

    @Test
    void createServiceHoldsItsDescriptionAndHealthCheckConfigToTheSameRules() {
        assertThatThrownBy(() -> cloudMap.createService(
                        b -> b.name("pay").namespaceId(namespace.id()).description("x".repeat(1025))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Description: 1025 characters (expected: at most 1024)");
        assertThatThrownBy(() -> cloudMap.createService(b -> b.name("pay")
                        .namespaceId(namespace.id())
                        .healthCheckConfig(h -> h.type(HealthCheckType.HTTP).failureThreshold(0))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("HealthCheckConfig.FailureThreshold: 0 (expected: 1-10)");
        assertThat(cloudMap.createService(b -> b.name("pay")
                                .namespaceId(namespace.id())
                                .description("payments")
                                .healthCheckConfig(
                                        h -> h.type(HealthCheckType.HTTPS).resourcePath("/ready")))
                        .service()
                        .healthCheckConfig()
                        .resourcePath())
                .isEqualTo("/ready");
    }
}
