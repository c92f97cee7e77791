package dev.svcconnect.constructs;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Number props take tokens such as {@code param.getValueAsNumber()}: they reach the template as a Ref. */
class TokenPropsTest {

    private final Stack stack = Apps.stack();

    @Test
    void serviceNumbersThatAreParametersAreRenderedAsRefs() {
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        FargateService.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(number("Count"))
                .minHealthyPercent(number("Min"))
                .maxHealthyPercent(number("Max"))
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .dnsName("api")
                                .port(number("AliasPort"))
                                .ingressPortOverride(number("Ingress"))
                                .perRequestTimeout(Duration.seconds(number("Timeout")))
                                .build()))
                        .build())
                .build();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService",
                        Map.of(
                                "DesiredCount",
                                ref("Count"),
                                "DeploymentConfiguration",
                                Map.of("MinimumHealthyPercent", ref("Min"), "MaximumPercent", ref("Max")),
                                "ServiceConnectConfiguration",
                                Match.objectLike(Map.of(
                                        "Services",
                                        List.of(Match.objectLike(Map.of(
                                                "ClientAliases",
                                                List.of(Map.of("Port", ref("AliasPort"), "DnsName", "api")),
                                                "IngressPortOverride",
                                                ref("Ingress"),
                                                "Timeout",
                                                Map.of(
                                                        "IdleTimeoutSeconds",
                                                        300,
                                                        "PerRequestTimeoutSeconds",
                                                        ref("Timeout")))))))));
    }

    @Test
    void taskDefinitionAndHostFleetNumbersThatAreParametersAreRenderedAsRefs() {
        TaskDefinition task = TaskDefinition.Builder.create(stack, "Task")
                .cpu(number("Cpu"))
                .memory(number("Memory"))
                .build();
        task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .command(List.of("./run"))
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("true"))
                                .interval(Duration.seconds(number("Interval")))
                                .retries(number("Retries"))
                                .build())
                        .portMappings(List.of(PortMapping.builder()
                                .name("api")
                                .containerPort(number("Port"))
                                .build()))
                        .build());
        new Cluster(stack, "Cluster")
                .addHostFleet(
                        "Hosts", HostFleetProps.builder().count(number("Hosts")).build());

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectTaskDefinition",
                Map.of(
                        "Cpu",
                        ref("Cpu"),
                        "Memory",
                        ref("Memory"),
                        "ContainerDefinitions",
                        List.of(Match.objectLike(Map.of(
                                "HealthCheck",
                                Map.of(
                                        "Command",
                                        List.of("CMD-SHELL", "true"),
                                        "Interval",
                                        ref("Interval"),
                                        "Timeout",
                                        5,
                                        "Retries",
                                        ref("Retries")),
                                "PortMappings",
                                List.of(Match.objectLike(Map.of("ContainerPort", ref("Port")))))))));
        template.hasResourceProperties("Custom::SvcConnectHostFleet", Map.of("Count", ref("Hosts")));
    }

    @Test
    void theClientAliasPortDefaultsToAContainerPortThatIsAParameter() {
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(
                stack,
                "Task",
                PortMapping.builder().name("api").containerPort(number("Port")).build());
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .build()))
                        .build())
                .build();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService",
                        Map.of(
                                "ServiceConnectConfiguration",
                                Match.objectLike(Map.of(
                                        "Services",
                                        List.of(Match.objectLike(Map.of(
                                                "ClientAliases",
                                                List.of(Map.of("Port", ref("Port"), "DnsName", "api.internal")))))))));
    }

    private Number number(String name) {
        return CfnParameter.Builder.create(stack, name).type("Number").build().getValueAsNumber();
    }

    private static Map<String, String> ref(String name) {
        return Map.of("Ref", name);
    }
}
