package dev.svcconnect.e2e.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.cli.SvcConnect;
import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.engine.ResourceListener;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.ControlPlane;
import dev.svcconnect.provider.SvcConnectProvider;
import dev.svcconnect.sample.cdk.SampleApp;
import dev.svcconnect.testsupport.AwsCli;
import dev.svcconnect.testsupport.FreePorts;
import dev.svcconnect.testsupport.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The moto CloudFormation harness: the sample app's template, as synthesized today, is created by
 * moto's CloudFormation ({@code moto_server}, moto 5.x, required) through the AWS CLI; its custom
 * resources are answered by {@link CustomResourceHarness}, which invokes our handler in-process
 * against a real local control plane and PUTs each response to the pre-signed ResponseURL. The
 * stack must reach CREATE_COMPLETE with its services in a steady state in the control plane, then
 * be deleted, leaving nothing in the control plane.
 */
class MotoCloudFormationTest {

    private static final Path ROOT = Path.of(System.getProperty("svcconnect.rootDir", "../.."))
            .toAbsolutePath()
            .normalize();
    /** moto names resources STACK-LOGICALID-SUFFIX without CloudFormation's length cut: a short stack name keeps the provider's state machine under 80 characters. */
    private static final String STACK = "Sample";

    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(8);

    @TempDir
    Path work;

    @Test
    void theSampleTemplateIsCreatedByMotosCloudFormationWithItsCustomResourcesInTheControlPlaneThenDeleted()
            throws Exception {
        Path assembly = synthesizeSample(work.resolve("cdk.out"));
        JsonNode template = Json.mapper()
                .readTree(assembly.resolve(SampleApp.STACK + ".template.json").toFile());
        String java = ProcessHandle.current().info().command().orElse("java");
        LocalEnvironment environment = new LocalEnvironment(
                work.resolve("env"),
                List.of(java, "-cp", System.getProperty("java.class.path"), SvcConnect.class.getName()));
        URI endpoint = environment.start();
        ResourceListener agents = environment.agents(endpoint, System.out);
        // The containers' artifacts, where the local agents read them, as in moto's account and Region.
        agents.publish(CloudAssembly.read(assembly).stacks().get(0).fileAssets().stream()
                .map(asset -> asset.in(CdkBootstrap.ACCOUNT, "us-east-1"))
                .toList());
        try (ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials());
                CustomResourceHarness harness =
                        new CustomResourceHarness(template, new SvcConnectProvider(controlPlane), agents);
                MotoServer moto =
                        MotoServer.startWith(relayScript(), Map.of("SVCC_LAMBDA_RELAY", harness.relayUrl()))) {
            AwsCli aws = AwsCli.withKey(moto.endpoint(), Files.createDirectories(work.resolve("aws")), "moto", "moto");
            CdkBootstrap.publish(aws, assembly, SampleApp.STACK);

            String stackId = CdkBootstrap.createStack(
                    aws,
                    STACK,
                    assembly.resolve(SampleApp.STACK + ".template.json"),
                    "ParameterKey=SvcConnectEndpoint,ParameterValue=" + endpoint);
            String status = awaitStatus(aws, stackId, harness, "CREATE_COMPLETE");

            assertThat(status).isEqualTo("CREATE_COMPLETE");
            JsonNode stackResources = Json.mapper()
                    .readTree(aws.ok("cloudformation", "describe-stack-resources", "--stack-name", stackId))
                    .path("StackResources");
            assertThat(stackResources.findValuesAsText("ResourceStatus")).containsOnly("CREATE_COMPLETE");
            assertThat(harness.physicalIds()).hasSize(11);
            assertThat(controlPlane.cloudMap().listNamespaces().namespaces())
                    .extracting(n -> n.name())
                    .contains("svc-namespace");
            assertThat(controlPlane.ecs().listClusters().clusterArns())
                    .anyMatch(arn -> arn.endsWith("/svc-cluster-1"))
                    .anyMatch(arn -> arn.endsWith("/svc-cluster-2"));
            assertThat(services(controlPlane, "svc-cluster-1", "db", "appserver"))
                    .allSatisfy(s -> assertThat(s.runningCount()).isEqualTo(s.desiredCount()))
                    .extracting(Service::status)
                    .containsOnly("ACTIVE");
            assertThat(services(controlPlane, "svc-cluster-2", "webui"))
                    .allSatisfy(s -> assertThat(s.runningCount()).isEqualTo(s.desiredCount()));

            aws.ok("cloudformation", "delete-stack", "--stack-name", stackId);
            assertThat(awaitStatus(aws, stackId, harness, "DELETE_COMPLETE")).isEqualTo("DELETE_COMPLETE");
            harness.deleteAll();

            assertThat(controlPlane
                            .ecs()
                            .describeClusters(b -> b.clusters("svc-cluster-1", "svc-cluster-2"))
                            .clusters())
                    .extracting(c -> c.status())
                    .containsOnly("INACTIVE");
            assertThat(controlPlane.cloudMap().listNamespaces().namespaces())
                    .extracting(n -> n.name())
                    .doesNotContain("svc-namespace");
            assertThat(harness.failures()).isEmpty();
        } finally {
            environment.stop(System.out);
        }
    }

    /** The sample app as `cdk synth` writes it, with its page on a free port. */
    private static Path synthesizeSample(Path outdir) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .context(Map.of("sample:port", FreePorts.next(), "sample:webuiCount", 1))
                .build());
        SampleApp.declare(app, ROOT);
        app.synth();
        return outdir;
    }

    private static String awaitStatus(AwsCli aws, String stackId, CustomResourceHarness harness, String wanted)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = Json.mapper()
                    .readTree(aws.ok("cloudformation", "describe-stacks", "--stack-name", stackId))
                    .path("Stacks")
                    .path(0)
                    .path("StackStatus")
                    .asText();
            if (status.equals(wanted) || !harness.failures().isEmpty()) {
                break;
            }
            Thread.sleep(2000);
        }
        assertThat(harness.failures()).as("custom resources that failed").isEmpty();
        return status;
    }

    private static List<Service> services(ControlPlane controlPlane, String cluster, String... names) {
        return controlPlane
                .ecs()
                .describeServices(b -> b.cluster(cluster).services(names))
                .services();
    }

    private static Path relayScript() throws Exception {
        return Path.of(MotoCloudFormationTest.class
                .getResource("/moto/lambda_relay.py")
                .toURI());
    }
}
