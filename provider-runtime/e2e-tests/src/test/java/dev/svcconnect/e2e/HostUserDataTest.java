package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.constructs.Cluster;
import dev.svcconnect.constructs.ControlPlane;
import dev.svcconnect.constructs.HostFleetProps;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.server.TlsSettings;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.artifact.ArtifactLabels;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.provider.SvcConnectApi;
import dev.svcconnect.testsupport.MotoServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The user data of a {@code HostFleet} on AWS, as synthesized, run for real by a pretend instance:
 * a network namespace of its own joined to this machine by a veth pair, package installation
 * skipped ({@code SVC_CONNECT_SKIP_PACKAGES=1}), files under a directory of its own
 * ({@code SVC_CONNECT_ROOT}) and the agent in the foreground instead of under systemd
 * ({@code SVC_CONNECT_NO_SYSTEMD=1}). It fetches svc-connect.jar from moto's S3 (the bucket and key
 * of the CDK asset) and the cluster's join token from moto's Secrets Manager, joins a control plane
 * that serves TLS on this machine's end of the veth, and runs a task there whose artifact the agent
 * reads from moto's S3 with the instance's credentials (the environment's, here). Needs root and
 * {@code moto_server}; runs under the heavy lock with the other e2e tests.
 */
class HostUserDataTest {

    private static final String CLUSTER = "apps";
    private static final String REGION = "eu-west-1";
    private static final Path JAR =
            Path.of("../cli/target/svc-connect.jar").toAbsolutePath().normalize();

    @TempDir
    Path data;

    @Test
    void theUserDataFetchesTheJarAndTokenJoinsTheControlPlaneAndTheHostRunsATask() throws Exception {
        assertThat(JAR)
                .as("svc-connect.jar (./mvnw -pl provider-runtime/cli -am package)")
                .isRegularFile();
        try (PretendInstance instance = PretendInstance.create(data);
                MotoServer moto = MotoServer.start(instance.hostAddress());
                ControlPlaneServer controlPlane = ControlPlaneServer.start(ControlPlaneConfig.builder()
                        .bind(instance.hostAddress())
                        .port(0)
                        .dataDirectory(data.resolve("control-plane"))
                        .tls(TlsSettings.generated())
                        .build())) {
            URI endpoint = URI.create("https://" + instance.hostAddress() + ":" + controlPlane.port());
            Path caBundle = controlPlane.caCertificate().orElseThrow();
            AwsCredentialsProvider admin = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    controlPlane.adminCredentials().accessKeyId(),
                    controlPlane.adminCredentials().secretAccessKey()));
            EcsClient ecs =
                    Hosts.ecs(endpoint, admin, controlPlane.caCertificate().map(CaBundle::read));
            ecs.createCluster(b -> b.clusterName(CLUSTER));
            String token = SvcConnectApi.of(
                            endpoint, admin, controlPlane.caCertificate().map(CaBundle::read))
                    .call("CreateJoinToken", Json.mapper().createObjectNode().put("Cluster", CLUSTER))
                    .path("JoinToken")
                    .asText();

            // As cdk deploy would: the asset published, the provider's token in the fleet's secret.
            String script = synthesizedUserData();
            Matcher jarUrl = Pattern.compile("SVC_CONNECT_JAR_URL='(s3://([^/]+)/[^']+)'")
                    .matcher(script);
            assertThat(jarUrl.find()).as("the jar's S3 URL in the user data").isTrue();
            MotoAwsCli aws = new MotoAwsCli(moto, REGION);
            aws.run("s3", "mb", "s3://" + jarUrl.group(2));
            aws.run("s3", "cp", JAR.toString(), jarUrl.group(1));
            String tokenSecret = aws.createSecret("hosts-join-token", token);

            Map<String, String> environment = new LinkedHashMap<>(aws.environment());
            environment.put("AWS_CA_BUNDLE", caBundle.toString());
            instance.start(
                    SynthesizedUserData.resolve(
                            script,
                            Map.of(
                                    "SVC_CONNECT_REGION", REGION,
                                    "SVC_CONNECT_ENDPOINT", endpoint.toString(),
                                    "SVC_CONNECT_CLUSTER", CLUSTER,
                                    "SVC_CONNECT_JOIN_TOKEN_SECRET", tokenSecret)),
                    environment);
            try {
                runATaskOnThePretendInstance(ecs, instance, token, aws, jarUrl.group(2));
            } finally {
                instance.stop();
                System.out.println("user data output:\n" + instance.output());
            }
        }
    }

    private static void runATaskOnThePretendInstance(
            EcsClient ecs, PretendInstance instance, String token, MotoAwsCli aws, String bucket) throws Exception {
        Path root = instance.root();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the user data exited (its output is printed)", () -> !instance.isRunning())
                .until(() -> ecs.listContainerInstances(b -> b.cluster(CLUSTER))
                                .containerInstanceArns()
                                .size()
                        == 1);
        assertThat(Files.readString(root.resolve("etc/svc-connect/join-token")).strip())
                .isEqualTo(token);
        assertThat(root.resolve("opt/svc-connect/svc-connect.jar")).hasSameBinaryContentAs(JAR);

        // Its artifact in the assets bucket, which the agent reads with the instance's credentials.
        Path artifact = Files.writeString(root.resolve("greeting.txt"), "hello from S3");
        aws.run("s3", "cp", artifact.toString(), "s3://" + bucket + "/greeting.txt");
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
        ecs.registerTaskDefinition(b -> b.family("sleeper")
                .cpu("256")
                .memory("256")
                .containerDefinitions(c -> c.name("app")
                        .image("none")
                        .command("sh", "-c", "grep -q 'hello from S3' greeting.txt && exec sleep 600")
                        .dockerLabels(Map.of(
                                ArtifactLabels.URL,
                                "s3://" + bucket + "/greeting.txt",
                                ArtifactLabels.SHA256,
                                sha256,
                                ArtifactLabels.NAME,
                                "greeting.txt"))));
        String taskArn = ecs.runTask(
                        b -> b.cluster(CLUSTER).taskDefinition("sleeper").launchType("EC2"))
                .tasks()
                .get(0)
                .taskArn();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the user data exited (its output is printed)", () -> !instance.isRunning())
                .until(() -> status(ecs, taskArn), s -> s.equals("RUNNING") || s.equals("STOPPED"));
        Task task = ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(taskArn))
                .tasks()
                .get(0);
        assertThat(task.lastStatus())
                .as("the task, stopped for: %s", task.stoppedReason())
                .isEqualTo("RUNNING");

        ecs.stopTask(b -> b.cluster(CLUSTER).task(taskArn).reason("test done"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> status(ecs, taskArn), "STOPPED"::equals);
        assertThat(Files.readString(instance.log()))
                .contains("svc-connect user data: fetching s3://")
                .contains("svc-connect user data: reading the join token of cluster apps")
                .contains("svc-connect user data: running the agent in the foreground");
    }

    /** The user data of a HostFleet on AWS, its tokens replaced by markers. */
    private static String synthesizedUserData() {
        ControlPlane controlPlane = SynthesizedUserData.controlPlane(REGION, JAR);
        Stack stack = Stack.of(controlPlane);
        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName(CLUSTER).build();
        cluster.addHostFleet(
                "Hosts", HostFleetProps.builder().controlPlane(controlPlane).build());
        return SynthesizedUserData.of(stack, "svc-connect agent");
    }

    private static String status(EcsClient ecs, String taskArn) {
        List<Task> tasks =
                ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(taskArn)).tasks();
        return tasks.isEmpty() ? "" : tasks.get(0).lastStatus();
    }
}
