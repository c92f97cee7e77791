package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class LoadBalancerTest {

    @Test
    void rendersTheServicesNamespaceDiscoveryNameAndPortAfterTheService() {
        Stack stack = Apps.stack();
        Ec2Service web = webService(stack);
        LoadBalancer lb = LoadBalancer.Builder.create(stack, "Lb")
                .service(web)
                .discoveryName("web")
                .port(8800)
                .build();
        CfnOutput.Builder.create(stack, "Url").value(lb.getUrl()).build();

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectLoadBalancer",
                Map.of("Namespace", "internal", "DiscoveryName", "web", "Port", 8800, "Protocol", "http"));
        template.hasResource(
                "Custom::SvcConnectLoadBalancer",
                Map.of("DependsOn", Match.arrayWith(List.of(Match.stringLikeRegexp("Web.*")))));
        template.hasOutput("Url", Map.of("Value", Map.of("Fn::GetAtt", Match.arrayWith(List.of("Url")))));
    }

    @Test
    void rejectsAPortOutOfRange() {
        Stack stack = Apps.stack();
        Ec2Service web = webService(stack);

        assertThatThrownBy(() -> LoadBalancer.Builder.create(stack, "Lb")
                        .service(web)
                        .discoveryName("web")
                        .port(70000)
                        .build())
                .hasMessageContaining("port: 70000 (expected: 1-65535)");
    }

    private static Ec2Service webService(Stack stack) {
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("web", 8000, AppProtocol.HTTP));
        return Ec2Service.Builder.create(stack, "Web")
                .cluster(cluster)
                .taskDefinition(task)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("web")
                                .build()))
                        .build())
                .build();
    }
}
