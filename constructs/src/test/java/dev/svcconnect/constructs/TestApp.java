package dev.svcconnect.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;

/**
 * A small app with every construct: the app that {@code npx cdk synth} runs in
 * {@link CdkSynthTest}, and that the construct tests synthesize in-process.
 */
public final class TestApp {

    private TestApp() {}

    /** Synthesizes the app into {@code CDK_OUTDIR}, as the CDK CLI runs it. */
    public static void main(String[] args) {
        App app = new App();
        define(app);
        app.synth();
    }

    /** Declares the stack {@code ServiceConnectApp} in {@code app}. */
    public static Stack define(App app) {
        Stack stack = new Stack(app, "ServiceConnectApp");
        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName("apps").build();
        cluster.addDefaultNamespace(NamespaceProps.builder()
                .name("internal")
                .description("sample services")
                .build());
        cluster.addHostFleet(
                "Hosts",
                HostFleetProps.builder().count(2).cpu(2048).memory(4096).build());

        TaskDefinition api =
                TaskDefinition.Builder.create(stack, "ApiTask").family("api").build();
        api.addContainer(
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
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(api)
                .serviceName("api")
                .desiredCount(2)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .perRequestTimeout(Duration.seconds(30))
                                .build()))
                        .build())
                .build();

        TaskDefinition web =
                TaskDefinition.Builder.create(stack, "WebTask").family("web").build();
        web.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .command(List.of("python3", "-m", "http.server", "8000"))
                        .portMappings(List.of(PortMapping.builder()
                                .name("web")
                                .containerPort(8000)
                                .build()))
                        .build());
        FargateService.Builder.create(stack, "Web")
                .cluster(cluster)
                .taskDefinition(web)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("web")
                                .dnsName("web")
                                .port(80)
                                .build()))
                        .build())
                .build();
        return stack;
    }
}
