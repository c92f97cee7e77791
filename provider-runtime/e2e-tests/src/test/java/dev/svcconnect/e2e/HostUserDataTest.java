package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.svcconnect.testsupport.Programs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;
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
        int run = ThreadLocalRandom.current().nextInt(1, 250);
        String namespace =
                "svcc-ud" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        String hostAddress = "10.231." + run + ".1";
        String instanceAddress = "10.231." + run + ".2";
        try (PretendInstanceNetwork network = new PretendInstanceNetwork(namespace, hostAddress, instanceAddress);
                MotoServer moto = MotoServer.start(hostAddress);
                ControlPlaneServer controlPlane = ControlPlaneServer.start(ControlPlaneConfig.builder()
                        .bind(hostAddress)
                        .port(0)
                        .dataDirectory(data.resolve("control-plane"))
                        .tls(TlsSettings.generated())
                        .build())) {
            URI endpoint = URI.create("https://" + hostAddress + ":" + controlPlane.port());
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
            Map<String, String> aws = awsEnvironment(moto);
            awsCli(aws, "s3", "mb", "s3://" + jarUrl.group(2));
            awsCli(aws, "s3", "cp", JAR.toString(), jarUrl.group(1));
            String tokenSecret = Json.mapper()
                    .readTree(awsCli(
                            aws,
                            "secretsmanager",
                            "create-secret",
                            "--name",
                            "hosts-join-token",
                            "--secret-string",
                            token))
                    .path("ARN")
                    .asText();

            Path root = data.resolve("instance");
            Files.createDirectories(root);
            Path userData = root.resolve("user-data.sh");
            Files.writeString(
                    userData,
                    resolve(
                            script,
                            Map.of(
                                    "SVC_CONNECT_REGION", REGION,
                                    "SVC_CONNECT_ENDPOINT", endpoint.toString(),
                                    "SVC_CONNECT_CLUSTER", CLUSTER,
                                    "SVC_CONNECT_JOIN_TOKEN_SECRET", tokenSecret)));
            Path log = root.resolve("user-data.log");
            Process instance = network.start(userData, root, caBundle, aws, log);
            try {
                runATaskOnThePretendInstance(ecs, instance, root, log, token, aws, jarUrl.group(2));
            } finally {
                stop(instance);
                System.out.println("user data output:\n" + tail(log));
            }
        }
    }

    private static void runATaskOnThePretendInstance(
            EcsClient ecs, Process instance, Path root, Path log, String token, Map<String, String> aws, String bucket)
            throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the user data exited (its output is printed)", () -> !isAlive(instance))
                .until(() -> ecs.listContainerInstances(b -> b.cluster(CLUSTER))
                                .containerInstanceArns()
                                .size()
                        == 1);
        assertThat(Files.readString(root.resolve("etc/svc-connect/join-token")).strip())
                .isEqualTo(token);
        assertThat(root.resolve("opt/svc-connect/svc-connect.jar")).hasSameBinaryContentAs(JAR);

        // Its artifact in the assets bucket, which the agent reads with the instance's credentials.
        Path artifact = Files.writeString(root.resolve("greeting.txt"), "hello from S3");
        awsCli(aws, "s3", "cp", artifact.toString(), "s3://" + bucket + "/greeting.txt");
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
                .failFast("the user data exited (its output is printed)", () -> !isAlive(instance))
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
        assertThat(Files.readString(log))
                .contains("svc-connect user data: fetching s3://")
                .contains("svc-connect user data: reading the join token of cluster apps")
                .contains("svc-connect user data: running the agent in the foreground");
    }

    /** SIGTERM to the agent (the user data exec'd it), as systemd would stop it; SIGKILL after 30 s. */
    private static void stop(Process instance) throws InterruptedException {
        instance.destroy();
        if (!instance.waitFor(30, TimeUnit.SECONDS)) {
            instance.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The user data of a HostFleet on AWS, its tokens replaced by {@code \0NAME\0} markers. */
    private static String synthesizedUserData() {
        App app = new App();
        Stack stack = new Stack(
                app,
                "Mesh",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region(REGION)
                                .build())
                        .build());
        ControlPlane controlPlane = ControlPlane.Builder.create(stack, "ControlPlane")
                .vpc(Vpc.Builder.create(stack, "Vpc").maxAzs(2).build())
                .certificate(Certificate.fromCertificateArn(
                        stack, "Certificate", "arn:aws:acm:eu-west-1:123456789012:certificate/e2e"))
                .domainName("svc-connect.internal.example.com")
                .jar(JAR.toString())
                .build();
        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName(CLUSTER).build();
        cluster.addHostFleet(
                "Hosts", HostFleetProps.builder().controlPlane(controlPlane).build());
        JsonNode template = Json.mapper().valueToTree(Template.fromStack(stack).toJSON());
        for (JsonNode resource : template.path("Resources")) {
            JsonNode userData =
                    resource.path("Properties").path("LaunchTemplateData").path("UserData");
            if (resource.path("Type").asText().equals("AWS::EC2::LaunchTemplate")
                    && userData.toString().contains("svc-connect agent")) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part :
                        userData.path("Fn::Base64").path("Fn::Join").path(1)) {
                    text.append(part.isTextual() ? part.asText() : "\0TOKEN\0");
                }
                return text.toString();
            }
        }
        throw new AssertionError("no launch template runs the agent in " + template);
    }

    /** {@code script} with the value of each variable of {@code values} replaced; no token may remain. */
    private static String resolve(String script, Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        for (String line : script.split("\n", -1)) {
            int equals = line.indexOf("='");
            String name = equals > 0 ? line.substring(0, equals) : "";
            lines.add(values.containsKey(name) ? name + "='" + values.get(name) + "'" : line);
        }
        String resolved = String.join("\n", lines);
        assertThat(resolved).as("the user data, every token given a value").doesNotContain("\0");
        return resolved;
    }

    private static Map<String, String> awsEnvironment(MotoServer moto) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        environment.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
        environment.put("AWS_DEFAULT_REGION", REGION);
        return environment;
    }

    private static String awsCli(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("env"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.add("aws");
        command.addAll(List.of(args));
        Programs.Result result = Programs.run(command);
        assertThat(result.exitCode())
                .as("aws %s: %s", String.join(" ", args), result.err())
                .isZero();
        return result.out();
    }

    private static String status(EcsClient ecs, String taskArn) {
        List<Task> tasks =
                ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(taskArn)).tasks();
        return tasks.isEmpty() ? "" : tasks.get(0).lastStatus();
    }

    private static boolean isAlive(Process process) {
        return process.isAlive();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * The pretend instance's network: namespace {@code name} with {@code instanceAddress}/30 on one
     * end of a veth pair whose other end, on this machine, has {@code hostAddress}/30. Closing it
     * kills what is left in the namespace and deletes it (and the veth pair with it).
     */
    private static final class PretendInstanceNetwork implements AutoCloseable {
        private final String name;

        PretendInstanceNetwork(String name, String hostAddress, String instanceAddress) {
            this.name = name;
            String hostEnd = name + "h";
            String instanceEnd = name + "i";
            ip("netns", "add", name);
            ip("link", "add", hostEnd, "type", "veth", "peer", "name", instanceEnd);
            ip("link", "set", instanceEnd, "netns", name);
            ip("addr", "add", hostAddress + "/30", "dev", hostEnd);
            ip("link", "set", hostEnd, "up");
            ip("-n", name, "addr", "add", instanceAddress + "/30", "dev", instanceEnd);
            ip("-n", name, "link", "set", instanceEnd, "up");
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "route", "add", "default", "via", hostAddress);
        }

        /** Runs {@code userData} with bash in the namespace, its output to {@code log}. */
        Process start(Path userData, Path root, Path caBundle, Map<String, String> aws, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name, "env", "-i"));
            command.add("PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
            command.add("HOME=" + root);
            aws.forEach((variable, value) -> command.add(variable + "=" + value));
            command.add("AWS_CA_BUNDLE=" + caBundle);
            command.add("SVC_CONNECT_SKIP_PACKAGES=1");
            command.add("SVC_CONNECT_ROOT=" + root);
            command.add("SVC_CONNECT_NO_SYSTEMD=1");
            command.addAll(List.of("bash", userData.toString()));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        }

        @Override
        public void close() {
            Programs.Result pids = Programs.run("ip", "netns", "pids", name);
            for (String pid : pids.out().split("\\s+")) {
                if (!pid.isBlank()) {
                    Programs.run("kill", "-9", pid);
                }
            }
            Programs.run("ip", "netns", "del", name);
        }

        private static void ip(String... args) {
            List<String> command = new ArrayList<>(List.of("ip"));
            command.addAll(List.of(args));
            Programs.Result result = Programs.run(command);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + result.err());
            }
        }
    }
}
