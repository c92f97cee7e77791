package dev.svcconnect.constructs;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;

/**
 * The example of the "Porting from aws-cdk-lib" section of docs/constructs.md, as written there:
 * an aws-cdk-lib Service Connect app whose only change is its imports.
 */
class PortingExampleTest {

    @Test
    void anAwsCdkLibServiceConnectAppSynthesizesWithOurImports() {
        App app = new App();
        Stack stack = new Stack(app, "Shop");
        Tags.of(stack).add("team", "shop");

        Cluster cluster = Cluster.Builder.create(stack, "Cluster").build();
        cluster.addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                .name("shop.local")
                .useForServiceConnect(true)
                .build());
        cluster.addHostFleet("Hosts", HostFleetProps.builder().count(2).build()); // instead of addCapacity

        TaskDefinition apiTask = TaskDefinition.Builder.create(stack, "ApiTask").build();
        apiTask.addContainer(
                "api",
                ContainerDefinitionOptions.builder()
                        .entryPoint(List.of("java", "-jar"))
                        .command(List.of("/opt/api.jar"))
                        .portMappings(List.of(PortMapping.builder()
                                .name("api")
                                .containerPort(8080)
                                .appProtocol(AppProtocol.HTTP)
                                .build()))
                        .build());
        FargateService api = FargateService.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(apiTask)
                .build();
        api.enableServiceConnect(ServiceConnectProps.builder()
                .services(List.of(ServiceConnectService.builder()
                        .portMappingName("api")
                        .dnsName("api")
                        .port(80)
                        .perRequestTimeout(Duration.seconds(30))
                        .build()))
                .build());

        TaskDefinition webTask = TaskDefinition.Builder.create(stack, "WebTask").build();
        webTask.addContainer(
                "web",
                ContainerDefinitionOptions.builder()
                        .command(List.of("./web", "--api", "http://api"))
                        .build());
        FargateService web = FargateService.Builder.create(stack, "Web")
                .cluster(cluster)
                .taskDefinition(webTask)
                .build();
        web.enableServiceConnect(); // a client of the cluster's default namespace

        Alarm.Builder.create(stack, "ApiErrors")
                .metric(web.metricHttpCodeTarget(
                        HttpCodeTarget.TARGET_5XX_COUNT,
                        "api",
                        MetricOptions.builder().period(Duration.minutes(1)).build()))
                .threshold(5)
                .evaluationPeriods(3)
                .build();

        Template template = Template.fromStack(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Map.of("Enabled", true, "Namespace", "shop.local", "Services", Match.absent()),
                        "Tags",
                        List.of(Map.of("Key", "team", "Value", "shop"))));
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Match.objectLike(Map.of(
                                "Services",
                                List.of(Match.objectLike(
                                        Map.of("ClientAliases", List.of(Map.of("Port", 80, "DnsName", "api")))))))));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of("Namespace", "AWS/ECS", "MetricName", "HTTPCode_Target_5XX_Count", "Period", 60));
    }
}
