package dev.svcconnect.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.constructs.AppProtocol;
import dev.svcconnect.constructs.Cluster;
import dev.svcconnect.constructs.ContainerDefinitionOptions;
import dev.svcconnect.constructs.ControlPlane;
import dev.svcconnect.constructs.Ec2Service;
import dev.svcconnect.constructs.FargateService;
import dev.svcconnect.constructs.HostFleetProps;
import dev.svcconnect.constructs.NamespaceProps;
import dev.svcconnect.constructs.PortMapping;
import dev.svcconnect.constructs.ServiceConnectProps;
import dev.svcconnect.constructs.ServiceConnectService;
import dev.svcconnect.constructs.TaskDefinition;
import dev.svcconnect.local.state.ResourceState;
import dev.svcconnect.local.state.StackState;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awssdk.services.ecs.model.Service;

/** An app written with the construct library, synthesized in-process, deployed and redeployed. */
class ConstructsAppTest {

    @TempDir
    Path data;

    @TempDir
    Path out;

    /** A namespace, a cluster with a fleet, and two Service Connect services with no tasks yet. */
    private static Path synth(Path directory, int webPort) {
        App app = new App(AppProps.builder().outdir(directory.toString()).build());
        Stack stack = new Stack(app, "ServiceConnectApp");
        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName("apps").build();
        cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());
        cluster.addHostFleet("Hosts", HostFleetProps.builder().count(1).build());
        IntFunction<TaskDefinition> task = port -> {
            TaskDefinition definition = TaskDefinition.Builder.create(stack, "Task" + port)
                    .family("svc" + port)
                    .build();
            definition.addContainer(
                    "app",
                    ContainerDefinitionOptions.builder()
                            .command(List.of("python3", "-m", "http.server", String.valueOf(port)))
                            .portMappings(List.of(PortMapping.builder()
                                    .name("http")
                                    .containerPort(port)
                                    .appProtocol(AppProtocol.HTTP)
                                    .build()))
                            .build());
            return definition;
        };
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task.apply(8080))
                .serviceName("api")
                .desiredCount(0)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("http")
                                .discoveryName("api")
                                .build()))
                        .build())
                .build();
        FargateService.Builder.create(stack, "Web")
                .cluster(cluster)
                .taskDefinition(task.apply(webPort))
                .serviceName("web")
                .desiredCount(0)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("http")
                                .discoveryName("web")
                                .dnsName("web")
                                .port(80)
                                .build()))
                        .build())
                .build();
        app.synth();
        return directory;
    }

    @Test
    void theSynthesizedAppDeploysRedeploysUnchangedAndUpdatesAChangedService() {
        try (EngineFixture fixture = new EngineFixture(data)) {
            fixture.deploy(synth(out.resolve("v1"), 8000));

            String printed = fixture.printed();
            assertThat(printed)
                    .contains("ServiceConnectApp | 7/7 |")
                    .contains("AWS::Lambda::Function")
                    .contains("rules ServiceConnectApp.CheckBootstrapVersion");
            assertThat(fixture.activeClusters()).containsExactly("apps");
            assertThat(fixture.namespaces()).containsExactly("internal");
            List<Service> services = fixture.controlPlane
                    .ecs()
                    .describeServices(b -> b.cluster("apps").services("api", "web"))
                    .services();
            assertThat(services)
                    .extracting(Service::serviceName, Service::launchTypeAsString)
                    .containsExactly(Tuple.tuple("api", "EC2"), Tuple.tuple("web", "FARGATE"));

            fixture.deploy(synth(out.resolve("v1"), 8000));
            assertThat(fixture.printed()).doesNotContain("_IN_PROGRESS").contains("ServiceConnectApp (no changes)");

            StackState changed = fixture.deploy(synth(out.resolve("v2"), 9000)).get(0);
            String update = fixture.printed();
            assertThat(update.lines()
                            .filter(l -> l.contains("_COMPLETE"))
                            .map(l -> l.replaceAll(".*\\| (\\w+_COMPLETE) .*\\| (\\D+).*", "$1 $2")))
                    .containsExactly("CREATE_COMPLETE Task", "UPDATE_COMPLETE Web", "DELETE_COMPLETE Task");
            assertThat(changed.resources()).extracting(r -> r.logicalId()).noneMatch(id -> id.startsWith("Task8000"));
            assertThat(fixture.controlPlane
                            .ecs()
                            .describeServices(b -> b.cluster("apps").services("web"))
                            .services()
                            .get(0)
                            .taskDefinition())
                    .endsWith("task-definition/svc9000:1");
        }
    }

    /**
     * The same kind of app synthesized for AWS: a ControlPlane in a VPC and the fleet as an Auto
     * Scaling group. Locally, its AWS-only resources are skipped and the fleet's JoinTokenSecret,
     * a reference to one of them, is left out of what the handler gets.
     */
    @Test
    void anAppSynthesizedForAwsDeploysLocallySkippingItsAwsOnlyResources() throws Exception {
        Path jar = java.nio.file.Files.writeString(out.resolve("svc-connect.jar"), "stand-in");
        App app =
                new App(AppProps.builder().outdir(out.resolve("aws").toString()).build());
        Stack stack = new Stack(
                app,
                "Mesh",
                software.amazon.awscdk.StackProps.builder()
                        .env(software.amazon.awscdk.Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build());
        ControlPlane controlPlane = ControlPlane.Builder.create(stack, "ControlPlane")
                .vpc(software.amazon.awscdk.services.ec2.Vpc.Builder.create(stack, "Vpc")
                        .maxAzs(2)
                        .build())
                .certificate(software.amazon.awscdk.services.certificatemanager.Certificate.fromCertificateArn(
                        stack, "Certificate", "arn:aws:acm:eu-west-1:123456789012:certificate/abc"))
                .domainName("cp.example.com")
                .jar(jar.toString())
                .build();
        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName("apps").build();
        cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());
        cluster.addHostFleet(
                "Hosts",
                HostFleetProps.builder().controlPlane(controlPlane).count(1).build());
        app.synth();

        try (EngineFixture fixture = new EngineFixture(data)) {
            StackState state = fixture.deploy(out.resolve("aws")).get(0);

            assertThat(fixture.printed())
                    .contains("AWS::AutoScaling::AutoScalingGroup")
                    .contains("AWS::RDS::DBInstance")
                    .contains("AWS::SecretsManager::Secret")
                    .contains("AWS::ElasticLoadBalancingV2::LoadBalancer");
            assertThat(fixture.activeClusters()).containsExactly("apps");
            ResourceState fleet = state.resources().stream()
                    .filter(r -> r.type().equals("Custom::SvcConnectHostFleet"))
                    .findFirst()
                    .orElseThrow();
            assertThat(fleet.skipped()).isFalse();
            assertThat(fleet.properties().has("Cluster")).isTrue();
            assertThat(fleet.properties().has("JoinTokenSecret")).isFalse();
        }
    }
}
