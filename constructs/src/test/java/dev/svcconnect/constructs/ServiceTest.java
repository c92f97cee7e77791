package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ServiceTest {

    @Test
    void rendersTheEcsServicePropertiesWithServiceConnectDefaults() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        Ec2Service service = Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .build();
        service.enableServiceConnect(ServiceConnectProps.builder()
                .services(List.of(
                        ServiceConnectService.builder().portMappingName("api").build()))
                .build());

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceName", Match.absent(),
                        "Cluster", Map.of("Ref", ClusterTest.logicalIdOf(template, "Custom::SvcConnectCluster")),
                        "TaskDefinition",
                                Map.of("Ref", ClusterTest.logicalIdOf(template, "Custom::SvcConnectTaskDefinition")),
                        "DesiredCount", 1,
                        "LaunchType", "EC2",
                        "DeploymentConfiguration", Map.of("MinimumHealthyPercent", 100, "MaximumPercent", 200),
                        "ServiceConnectConfiguration",
                                Map.of(
                                        "Enabled",
                                        true,
                                        "Namespace",
                                        "internal",
                                        "Services",
                                        List.of(Map.of(
                                                "PortName",
                                                "api",
                                                "DiscoveryName",
                                                "api",
                                                "ClientAliases",
                                                List.of(Map.of("Port", 8080, "DnsName", "api.internal")),
                                                "Timeout",
                                                Map.of("IdleTimeoutSeconds", 300, "PerRequestTimeoutSeconds", 15))))));
        template.hasResource(
                "Custom::SvcConnectService",
                Map.of("DependsOn", Match.arrayWith(List.of(ClusterTest.logicalIdOfNamespace(template)))));
    }

    @Test
    void tcpPortsIdleForAnHourAndHaveNoPerRequestTimeout() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("db", 5432, null));
        FargateService.Builder.create(stack, "Db")
                .cluster(cluster)
                .taskDefinition(task)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("db")
                                .build()))
                        .build())
                .build();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService",
                        Map.of(
                                "LaunchType",
                                "FARGATE",
                                "ServiceConnectConfiguration",
                                Match.objectLike(Map.of(
                                        "Services",
                                        List.of(Match.objectLike(Map.of(
                                                "Timeout",
                                                Map.of(
                                                        "IdleTimeoutSeconds",
                                                        3600,
                                                        "PerRequestTimeoutSeconds",
                                                        Match.absent()))))))));
    }

    @Test
    void rendersEveryGivenProperty() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        Namespace other = Namespace.Builder.create(stack, "Other").name("other").build();
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.GRPC));
        FargateService.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .serviceName("api-svc")
                .desiredCount(3)
                .minHealthyPercent(50)
                .maxHealthyPercent(150)
                .circuitBreaker(
                        DeploymentCircuitBreaker.builder().rollback(true).build())
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .namespace(other)
                        .logDriver(LogDriver.of("json-file", Map.of("max-size", "10m")))
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .discoveryName("api-v2")
                                .dnsName("api")
                                .port(80)
                                .ingressPortOverride(18080)
                                .idleTimeout(Duration.minutes(1))
                                .perRequestTimeout(Duration.seconds(0))
                                .build()))
                        .build())
                .build();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService",
                        Map.of(
                                "ServiceName",
                                "api-svc",
                                "DesiredCount",
                                3,
                                "DeploymentConfiguration",
                                Map.of(
                                        "MinimumHealthyPercent",
                                        50,
                                        "MaximumPercent",
                                        150,
                                        "DeploymentCircuitBreaker",
                                        Map.of("Enable", true, "Rollback", true)),
                                "ServiceConnectConfiguration",
                                Map.of(
                                        "Enabled",
                                        true,
                                        "Namespace",
                                        "other",
                                        "LogConfiguration",
                                        Map.of("LogDriver", "json-file", "Options", Map.of("max-size", "10m")),
                                        "Services",
                                        List.of(Map.of(
                                                "PortName",
                                                "api",
                                                "DiscoveryName",
                                                "api-v2",
                                                "ClientAliases",
                                                List.of(Map.of("Port", 80, "DnsName", "api")),
                                                "IngressPortOverride",
                                                18080,
                                                "Timeout",
                                                Map.of("IdleTimeoutSeconds", 60, "PerRequestTimeoutSeconds", 0))))));
    }

    @Test
    void aClientOnlyServiceJoinsTheNamespaceWithoutServices() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task");
        Ec2Service.Builder.create(stack, "Client")
                .cluster(cluster)
                .taskDefinition(task)
                .build()
                .enableServiceConnect(null);

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService",
                        Map.of(
                                "ServiceConnectConfiguration",
                                Map.of("Enabled", true, "Namespace", "internal", "Services", Match.absent())));
    }

    @Test
    void withoutServiceConnectRendersNoConfiguration() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        TaskDefinition task = Apps.task(stack, "Task");
        new Ec2Service(
                stack,
                "Plain",
                Ec2ServiceProps.builder().cluster(cluster).taskDefinition(task).build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService", Map.of("ServiceConnectConfiguration", Match.absent()));
    }

    @Test
    void servicesInTwoStacksShareANamespaceWhenTheirNamesDiffer() {
        App app = new App();
        Stack first = new Stack(app, "First");
        Stack second = new Stack(app, "Second");
        declareApi(first, "api");
        declareApi(second, "api-2");

        Apps.template(first).resourceCountIs("Custom::SvcConnectService", 1);
        Apps.template(second).resourceCountIs("Custom::SvcConnectService", 1);
    }

    @Test
    void enablesServiceConnectOnlyOnce() {
        Stack stack = Apps.stack();
        Ec2Service service = declareApi(stack, "api");

        assertThatThrownBy(() -> service.enableServiceConnect(
                        ServiceConnectProps.builder().build()))
                .hasMessage("Service connect configuration cannot be specified more than once.");
    }

    @Test
    void needsANamespaceOnTheServiceOrTheCluster() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, null));
        Ec2Service service = Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .build();

        assertThatThrownBy(() -> service.enableServiceConnect(
                        ServiceConnectProps.builder().build()))
                .hasMessage(
                        "Namespace must be defined either in serviceConnectConfiguration or cluster.defaultNamespace");
    }

    @Test
    void needsAContainerOnTheTaskDefinition() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = new TaskDefinition(stack, "Task");
        Ec2Service service = Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .build();

        assertThatThrownBy(() -> service.enableServiceConnect(null))
                .hasMessage("Task definition must have at least one container to enable service connect.");
    }

    @Test
    void rejectsAPortMappingThatDoesNotExist() {
        Stack stack = Apps.stack();

        assertThatThrownBy(() -> serviceOffering(
                        stack, "Api", ServiceConnectService.builder().portMappingName("web")))
                .hasMessage("Port Mapping 'web' does not exist on the task definition.");
    }

    @Test
    void rejectsADiscoveryNameUsedTwiceInANamespaceAcrossStacks() {
        App app = new App();
        Stack first = new Stack(app, "First");
        Stack second = new Stack(app, "Second");
        declareApi(first, "api");
        declareApi(second, "api");

        assertThatThrownBy(() -> Apps.template(first))
                .hasMessageContaining("Cannot create multiple services with the discoveryName 'api'. It is used in"
                        + " namespace 'internal' by First/Api and Second/Api.");
    }

    @Test
    void rejectsAClientAliasUsedTwiceInANamespace() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        for (String name : List.of("one", "two")) {
            TaskDefinition task = Apps.task(stack, name + "Task", Apps.port(name, 8080, null));
            Ec2Service.Builder.create(stack, name)
                    .cluster(cluster)
                    .taskDefinition(task)
                    .serviceConnectConfiguration(ServiceConnectProps.builder()
                            .services(List.of(ServiceConnectService.builder()
                                    .portMappingName(name)
                                    .dnsName("shared")
                                    .build()))
                            .build())
                    .build();
        }

        assertThatThrownBy(() -> Apps.template(stack))
                .hasMessageContaining("The client alias 'shared:8080' is used more than once in namespace 'internal',"
                        + " by Test/one and Test/two.");
    }

    @Test
    void rejectsAnAliasPortOutOfRange() {
        assertThatThrownBy(() -> serviceOffering(
                        Apps.stack(),
                        "Api",
                        ServiceConnectService.builder().portMappingName("api").port(70000)))
                .hasMessage("serviceConnectConfiguration.services[0].port: 70000 (expected: 1-65535)");
    }

    @Test
    void rejectsAnIngressPortOverrideOutOfRange() {
        assertThatThrownBy(() -> serviceOffering(
                        Apps.stack(),
                        "Api",
                        ServiceConnectService.builder().portMappingName("api").ingressPortOverride(0)))
                .hasMessage("serviceConnectConfiguration.services[0].ingressPortOverride: 0 (expected: 1-65535)");
    }

    @Test
    void rejectsADiscoveryNameWithADot() {
        assertThatThrownBy(() -> serviceOffering(
                        Apps.stack(),
                        "Api",
                        ServiceConnectService.builder().portMappingName("api").discoveryName("api.v2")))
                .hasMessage("serviceConnectConfiguration.services[0].discoveryName: 'api.v2' (expected: at most 64"
                        + " of a-z, 0-9, '_' and '-', not starting with '-')");
    }

    @Test
    void rejectsADnsNameStartingWithADash() {
        assertThatThrownBy(() -> serviceOffering(
                        Apps.stack(),
                        "Api",
                        ServiceConnectService.builder().portMappingName("api").dnsName("-api")))
                .hasMessage("serviceConnectConfiguration.services[0].dnsName: '-api' (expected: at most 127 of a-z,"
                        + " 0-9, '_', '.' and '-', not starting with '-')");
    }

    @Test
    void rejectsASubSecondTimeout() {
        assertThatThrownBy(() -> serviceOffering(
                        Apps.stack(),
                        "Api",
                        ServiceConnectService.builder().portMappingName("api").idleTimeout(Duration.millis(500))))
                .hasMessage("serviceConnectConfiguration.services[0].idleTimeout must be at least 1 second or 0 to"
                        + " disable it, got 500ms.");
    }

    @Test
    void rejectsAPerRequestTimeoutOnATcpPort() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("db", 5432, null));
        Ec2Service service = Ec2Service.Builder.create(stack, "Db")
                .cluster(cluster)
                .taskDefinition(task)
                .build();
        ServiceConnectProps config = ServiceConnectProps.builder()
                .services(List.of(ServiceConnectService.builder()
                        .portMappingName("db")
                        .perRequestTimeout(Duration.seconds(5))
                        .build()))
                .build();

        assertThatThrownBy(() -> service.enableServiceConnect(config))
                .hasMessage("serviceConnectConfiguration.services[0].perRequestTimeout: port mapping 'db' is TCP"
                        + " (expected: a port mapping with appProtocol HTTP, HTTP2 or GRPC)");
    }

    @Test
    void rejectsANegativeDesiredCount() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        TaskDefinition task = Apps.task(stack, "Task");

        assertThatThrownBy(() -> Ec2Service.Builder.create(stack, "Api")
                        .cluster(cluster)
                        .taskDefinition(task)
                        .desiredCount(-1)
                        .build())
                .hasMessage("desiredCount: -1 (expected: 0 or more)");
    }

    @Test
    void rejectsAMinimumHealthyPercentAboveOneHundred() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        TaskDefinition task = Apps.task(stack, "Task");

        assertThatThrownBy(() -> Ec2Service.Builder.create(stack, "Api")
                        .cluster(cluster)
                        .taskDefinition(task)
                        .minHealthyPercent(150)
                        .build())
                .hasMessage("minHealthyPercent: 150 (expected: 0-100)");
    }

    @Test
    void fargateNeedsAwsVpcNetworking() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        TaskDefinition task = TaskDefinition.Builder.create(stack, "Task")
                .networkMode(NetworkMode.BRIDGE)
                .build();

        assertThatThrownBy(() -> FargateService.Builder.create(stack, "Web")
                        .cluster(cluster)
                        .taskDefinition(task)
                        .build())
                .hasMessage("taskDefinition: network mode 'bridge' (expected: 'awsvpc', the only network mode of"
                        + " Fargate tasks)");
    }

    private static Ec2Service declareApi(Stack stack, String discoveryName) {
        Cluster cluster = new Cluster(stack, "Cluster");
        cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        return Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .discoveryName(discoveryName)
                                .dnsName(discoveryName)
                                .build()))
                        .build())
                .build();
    }

    private static Ec2Service serviceOffering(Stack stack, String id, ServiceConnectService.Builder offer) {
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, id + "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        return Ec2Service.Builder.create(stack, id)
                .cluster(cluster)
                .taskDefinition(task)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(offer.build()))
                        .build())
                .build();
    }
}
