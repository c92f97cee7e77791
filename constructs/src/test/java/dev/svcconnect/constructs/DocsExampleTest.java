package dev.svcconnect.constructs;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The example of docs/constructs.md, as written there, synthesizes what the text says. */
class DocsExampleTest {

    @Test
    void theDocumentedExampleGivesTheDocumentedClientAliases() {
        App app = new App();
        Stack stack = new Stack(app, "Shop");

        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName("shop").build();
        cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());
        cluster.addHostFleet("Hosts", HostFleetProps.builder().count(2).build());

        TaskDefinition apiTask =
                TaskDefinition.Builder.create(stack, "ApiTask").family("api").build();
        apiTask.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .command(List.of("java", "-jar", "api.jar"))
                        .environment(Map.of("PORT", "8080"))
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("curl -f http://localhost:8080/health"))
                                .build())
                        .portMappings(List.of(PortMapping.builder()
                                .name("api")
                                .containerPort(8080)
                                .appProtocol(AppProtocol.HTTP)
                                .build()))
                        .build());

        Ec2Service api = Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(apiTask)
                .desiredCount(2)
                .build();
        api.enableServiceConnect(ServiceConnectProps.builder()
                .services(List.of(
                        ServiceConnectService.builder().portMappingName("api").build()))
                .build()); // clients call http://api.internal:8080

        TaskDefinition webTask =
                TaskDefinition.Builder.create(stack, "WebTask").family("web").build();
        webTask.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .command(List.of("./web", "--api", "http://api.internal:8080"))
                        .portMappings(List.of(PortMapping.builder()
                                .name("web")
                                .containerPort(8000)
                                .appProtocol(AppProtocol.HTTP)
                                .build()))
                        .build());
        FargateService.Builder.create(stack, "Web")
                .cluster(cluster)
                .taskDefinition(webTask)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("web")
                                .dnsName("web")
                                .port(80)
                                .build()))
                        .build())
                .build();

        Template template = Template.fromStack(stack);
        template.resourceCountIs("Custom::SvcConnectService", 2);
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Match.objectLike(Map.of(
                                "Services",
                                List.of(Match.objectLike(Map.of(
                                        "ClientAliases",
                                        List.of(Map.of("Port", 8080, "DnsName", "api.internal")))))))));
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Match.objectLike(Map.of(
                                "Services",
                                List.of(Match.objectLike(
                                        Map.of("ClientAliases", List.of(Map.of("Port", 80, "DnsName", "web")))))))));
        template.hasResourceProperties("Custom::SvcConnectHostFleet", Map.of("Count", 2));
    }
}
