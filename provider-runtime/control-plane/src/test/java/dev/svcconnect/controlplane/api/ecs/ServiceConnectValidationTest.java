package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class ServiceConnectValidationTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        SdkClients.cluster(ecs, "east", "shop");
        SdkClients.cluster(ecs, "west", "shop");
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "http");
        SdkClients.taskDefinition(ecs, "db", "tcp", 5432, null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Service create(
            String cluster, String name, String taskDefinition, Consumer<ServiceConnectService.Builder> entry) {
        return SdkClients.scService(
                ecs, cluster, name, taskDefinition, 1, sc -> sc.enabled(true).services(entry));
    }

    @Test
    void defaultsFollowEcsDiscoveryNameIsThePortNameAndDnsNameIsDiscoveryNameDotNamespace() {
        Service service = create("east", "web", "web", s -> s.portName("http").clientAliases(a -> a.port(80)));

        ServiceConnectService entry = service.deployments()
                .get(0)
                .serviceConnectConfiguration()
                .services()
                .get(0);
        assertThat(entry.discoveryName()).isEqualTo("http");
        assertThat(entry.clientAliases().get(0).dnsName()).isEqualTo("http.shop");
        assertThat(service.deployments().get(0).serviceConnectConfiguration().namespace())
                .contains(":namespace/ns-");
    }

    @Test
    void aClientOnlyServiceNeedsNoServices() {
        Service service = SdkClients.scService(ecs, "east", "client", "web", 1, sc -> sc.enabled(true));

        Deployment deployment = service.deployments().get(0);
        assertThat(deployment.serviceConnectConfiguration().enabled()).isTrue();
        assertThat(deployment.serviceConnectConfiguration().services()).isEmpty();
        assertThat(deployment.serviceConnectResources()).isEmpty();
    }

    @Test
    void thePortNameMustNameAPortMappingOfTheTaskDefinition() {
        assertThatThrownBy(() -> create("east", "web", "web", s -> s.portName("grpc")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "serviceConnectConfiguration.services[0].portName: Port mapping 'grpc' does not exist on task definition 'web:1'.");
    }

    @Test
    void aDiscoveryNameFollowsTheNamingRule() {
        assertThatThrownBy(() ->
                        create("east", "web", "web", s -> s.portName("http").discoveryName("-web")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "serviceConnectConfiguration.services[0].discoveryName: '-web' (expected: at most 64");
        assertThatThrownBy(() ->
                        create("east", "web", "web", s -> s.portName("http").discoveryName("a".repeat(65))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("discoveryName");
    }

    @Test
    void aDiscoveryNameIsUniqueInTheNamespaceWithinACluster() {
        create("east", "web", "web", s -> s.portName("http").discoveryName("web"));

        assertThatThrownBy(() ->
                        create("east", "web2", "web", s -> s.portName("http").discoveryName("web")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("discoveryName: 'web' is already used in namespace 'shop' by service 'web'.");
    }

    @Test
    void atMostOneClientAliasPerService() {
        assertThatThrownBy(() -> create(
                        "east", "web", "web", s -> s.portName("http").clientAliases(a -> a.port(80), a -> a.port(81))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("services[0].clientAliases: 2 aliases (expected: at most 1)");
    }

    @Test
    void anAliasNameAndPortAreUniqueInTheNamespace() {
        create(
                "east",
                "web",
                "web",
                s -> s.portName("http")
                        .discoveryName("web")
                        .clientAliases(a -> a.port(80).dnsName("front")));

        assertThatThrownBy(() -> create(
                        "west",
                        "db",
                        "db",
                        s -> s.portName("tcp")
                                .discoveryName("db")
                                .clientAliases(a -> a.port(80).dnsName("front"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "clientAliases[0]: 'front:80' is already used in namespace 'shop' by service 'web'");
        create(
                "west",
                "db",
                "db",
                s -> s.portName("tcp")
                        .discoveryName("db")
                        .clientAliases(a -> a.port(81).dnsName("front")));
    }

    @Test
    void portsAreOneTo65535() {
        assertThatThrownBy(() ->
                        create("east", "web", "web", s -> s.portName("http").clientAliases(a -> a.port(70000))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("services[0].clientAliases[0].port: 70000 (expected: 1-65535)");
        assertThatThrownBy(() ->
                        create("east", "web", "web", s -> s.portName("http").ingressPortOverride(0)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("services[0].ingressPortOverride: 0 (expected: 1-65535)");
    }

    @Test
    void aDnsNameFollowsTheNamingRule() {
        assertThatThrownBy(() -> create(
                        "east",
                        "web",
                        "web",
                        s -> s.portName("http").clientAliases(a -> a.port(80).dnsName("Web Front"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("services[0].clientAliases[0].dnsName: 'Web Front'");
    }

    @Test
    void timeoutsAreNonNegativeAndPerRequestNeedsAnApplicationProtocol() {
        Service service = create(
                "east",
                "web",
                "web",
                s -> s.portName("http").timeout(t -> t.idleTimeoutSeconds(0).perRequestTimeoutSeconds(60)));
        assertThat(service.deployments()
                        .get(0)
                        .serviceConnectConfiguration()
                        .services()
                        .get(0)
                        .timeout()
                        .perRequestTimeoutSeconds())
                .isEqualTo(60);

        assertThatThrownBy(() -> create(
                        "east",
                        "web2",
                        "web",
                        s -> s.portName("http").discoveryName("w2").timeout(t -> t.idleTimeoutSeconds(-1))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "services[0].timeout.idleTimeoutSeconds: -1 (expected: 0-2147483647, 0 disables)");
        assertThatThrownBy(() ->
                        create("east", "db", "db", s -> s.portName("tcp").timeout(t -> t.perRequestTimeoutSeconds(5))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "services[0].timeout.perRequestTimeoutSeconds: 5 (a per-request timeout needs a port mapping appProtocol");
    }

    @Test
    void theNamespaceMustExistAndDefaultsToTheClusters() {
        assertThatThrownBy(() -> SdkClients.scService(
                        ecs, "east", "web", "web", 1, sc -> sc.enabled(true).namespace("nope")))
                .isInstanceOf(NamespaceNotFoundException.class)
                .hasMessageContaining("namespace 'nope' not found");
        ecs.createCluster(b -> b.clusterName("bare"));
        assertThatThrownBy(() -> SdkClients.scService(ecs, "bare", "web", "web", 1, sc -> sc.enabled(true)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "serviceConnectConfiguration.namespace: is required: the cluster 'bare' has no serviceConnectDefaults");
        assertThatThrownBy(() -> ecs.createService(b -> b.cluster("east")
                        .serviceName("x")
                        .taskDefinition("web")
                        .serviceConnectConfiguration(ServiceConnectConfiguration.builder()
                                .namespace("shop")
                                .build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("serviceConnectConfiguration.enabled: is required");
    }

    @Test
    void servicesOfTwoClustersShareADiscoveryNameWhenTheirSettingsMatch() {
        Service east = create(
                "east",
                "web",
                "web",
                s -> s.portName("http")
                        .discoveryName("web")
                        .clientAliases(a -> a.port(80).dnsName("web.shop")));
        Service west = create(
                "west",
                "web",
                "web",
                s -> s.portName("http")
                        .discoveryName("web")
                        .clientAliases(a -> a.port(80).dnsName("web.shop")));

        assertThat(west.deployments().get(0).serviceConnectResources().get(0).discoveryArn())
                .isEqualTo(east.deployments()
                        .get(0)
                        .serviceConnectResources()
                        .get(0)
                        .discoveryArn());
        assertThat(fixture.cloudMap.listServices(b -> {}).services()).hasSize(1);
    }

    @Test
    void servicesOfTwoClustersWithMismatchedSettingsCannotShareADiscoveryName() {
        create(
                "east",
                "web",
                "web",
                s -> s.portName("http")
                        .discoveryName("web")
                        .clientAliases(a -> a.port(80).dnsName("web.shop")));

        assertThatThrownBy(() -> create(
                        "west",
                        "web",
                        "web",
                        s -> s.portName("http")
                                .discoveryName("web")
                                .clientAliases(a -> a.port(8080).dnsName("web.shop"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(
                        "'web' is already used in namespace 'shop' by service 'web' of cluster 'east' with other settings (http, web.shop:80)")
                .hasMessageContaining("(here: http, web.shop:8080)");
        assertThatThrownBy(() -> create(
                        "west",
                        "db",
                        "db",
                        s -> s.portName("tcp")
                                .discoveryName("web")
                                .clientAliases(a -> a.port(80).dnsName("web.shop"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("(here: tcp, web.shop:80)");
    }

    @Test
    void theAppProtocolOfAServiceConnectPortCannotChange() {
        create("east", "web", "web", s -> s.portName("http").discoveryName("web"));
        SdkClients.taskDefinition(ecs, "web", "http", 8080, "grpc");

        assertThatThrownBy(() -> ecs.updateService(b -> b.cluster("east")
                        .service("web")
                        .taskDefinition("web:2")
                        .serviceConnectConfiguration(sc -> sc.enabled(true)
                                .services(s -> s.portName("http").discoveryName("web")))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("the appProtocol of port mapping 'http' cannot change from http to grpc");
    }
}
