package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.task.TaskFiles;
import dev.svcconnect.agent.task.TaskRecord;
import dev.svcconnect.testsupport.AwsCli;
import dev.svcconnect.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A secret put with {@code aws ssm put-parameter --type SecureString} reaches the environment of
 * the one container that names it, in a real task started by an agent process, and appears
 * nowhere else: not in the other container's nor the sidecar proxy's environment, not in an ECS
 * or SSM describe answer, the console's JSON, the control plane's or the agent's log, the agent's
 * task files or the store's files. A parameter that does not exist stops its task with ECS's
 * {@code ResourceInitializationError}.
 */
class SecretsTest {

    private static final String CLUSTER = "secrets-cluster";
    private static final String SECRET = "e2e-Sup3r-s3cret-" + Long.toHexString(System.nanoTime());

    /** Kept when the test fails: the control plane's, the agent's and the sidecar's logs say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path data;

    @TempDir
    Path home;

    /** The agent first, then the control plane, so that the agent can report its tasks stopped. */
    private final List<Process> processes = new ArrayList<>();

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aSecureStringReachesItsContainerOnlyAndIsShownNowhere() throws Exception {
        URI endpoint = startControlPlane();
        Path controlPlaneData = data.resolve("control-plane");
        AwsCli aws = AwsCli.admin(endpoint, home, controlPlaneData);
        String taskId;
        aws.ok("ssm", "put-parameter", "--name", "/e2e/db-password", "--value", SECRET, "--type", "SecureString");
        try (EcsClient ecs = Hosts.ecs(endpoint, Hosts.adminOf(controlPlaneData))) {
            Workloads workloads = new Workloads(ecs);
            workloads.cluster(CLUSTER);
            ecs.registerTaskDefinition(b -> b.family("reader")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                            ContainerDefinition.builder()
                                    .name("app")
                                    .image("none")
                                    .command(
                                            "sh",
                                            "-c",
                                            "echo \"sha256:$(printf %s \"$DB_PASSWORD\" | sha256sum)\"; "
                                                    + "exec sleep 600")
                                    .secrets(s -> s.name("DB_PASSWORD")
                                            .valueFrom("arn:aws:ssm:us-east-1:000000000000:parameter/e2e/db-password"))
                                    .build(),
                            ContainerDefinition.builder()
                                    .name("other")
                                    .image("none")
                                    .command("sh", "-c", "echo \"other:${DB_PASSWORD:-unset}\"; exec sleep 600")
                                    .build()));
            Path agentData = startAgent(endpoint, Hosts.joinToken(endpoint, Hosts.adminOf(controlPlaneData), CLUSTER));
            ecs.createService(b -> b.cluster(CLUSTER)
                    .serviceName("reader")
                    .taskDefinition("reader")
                    .desiredCount(1)
                    .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(Workloads.NAMESPACE)));
            workloads.awaitRunning(CLUSTER, "reader", 1);
            taskId = workloads.taskIds(CLUSTER, "reader").get(0);
            Path task = TaskFiles.directory(agentData, taskId);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Files.readString(TaskFiles.log(task, "app"))).contains("sha256:" + sha256(SECRET));
                assertThat(Files.readString(TaskFiles.log(task, "other"))).contains("other:unset");
            });
            // The container's command runs in a PID namespace of its own, under the process the agent
            // recorded for it: the host's pid of its `sleep` is that process's descendant.
            long appPid = ProcessHandle.of(recordedPid(task, "app"))
                    .orElseThrow()
                    .descendants()
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                    .findFirst()
                    .orElseThrow()
                    .pid();
            assertThat(environ(appPid)).contains("DB_PASSWORD=" + SECRET);
            long sidecarPid = TaskRecord.read(task).orElseThrow().processes().stream()
                    .filter(p -> p.name().equals(TaskRecord.RecordedProcess.SIDECAR))
                    .findFirst()
                    .orElseThrow()
                    .pid();
            assertThat(environ(sidecarPid)).doesNotContain(SECRET);

            String answers =
                    ecs.describeTaskDefinition(b -> b.taskDefinition("reader")).toString()
                            + ecs.describeServices(b -> b.cluster(CLUSTER).services("reader"))
                            + ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(taskId))
                            + aws.ok("ssm", "describe-parameters")
                            + aws.ok("ssm", "get-parameter", "--name", "/e2e/db-password")
                            + get(endpoint, "/console/api/namespaces")
                            + get(endpoint, "/console/api/namespaces/" + Workloads.NAMESPACE + "/services")
                            + get(endpoint, "/console/api/namespaces/" + Workloads.NAMESPACE + "/topology")
                            + get(endpoint, "/console/api/clusters/" + CLUSTER + "/services/reader");
            assertThat(answers).contains("/e2e/db-password").doesNotContain(SECRET);

            ecs.registerTaskDefinition(b -> b.family("missing")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(c -> c.name("app")
                            .image("none")
                            .command("sleep", "600")
                            .secrets(s -> s.name("TOKEN").valueFrom("/e2e/not-there"))));
            String missing = ecs.runTask(
                            b -> b.cluster(CLUSTER).taskDefinition("missing").launchType("EC2"))
                    .tasks()
                    .get(0)
                    .taskArn();
            Task stopped = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(missing))
                                    .tasks()
                                    .get(0),
                            t -> "STOPPED".equals(t.lastStatus()));
            assertThat(stopped.stoppedReason())
                    .isEqualTo("ResourceInitializationError: unable to pull secrets or registry auth: execution "
                            + "resource retrieval failed: unable to retrieve secrets from ssm: invalid parameters: "
                            + "/e2e/not-there");

            ecs.updateService(b -> b.cluster(CLUSTER).service("reader").desiredCount(0));
            await().atMost(Duration.ofSeconds(90)).until(() -> !Files.exists(task.resolve(TaskRecord.FILE)));
        }
        stopProcesses();
        processes.clear();

        List<String> searched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                searched.add(data.relativize(file).toString());
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as("%s", data.relativize(file))
                        .doesNotContain(SECRET);
            }
        }
        assertThat(searched)
                .contains(
                        "control-plane.log",
                        "agent.log",
                        "control-plane/store.db",
                        "agent/tasks/" + taskId + "/app.log");
        assertThat(Files.readString(data.resolve("control-plane.log"))).contains("PutParameter");
    }

    private URI startControlPlane() throws Exception {
        int port = FreePorts.next();
        Path log = data.resolve("control-plane.log");
        processes.add(new ProcessBuilder(Workloads.java(
                        "dev.svcconnect.cli.SvcConnect",
                        "control-plane",
                        "--port",
                        Integer.toString(port),
                        "--data",
                        data.resolve("control-plane").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> get(endpoint, "/health").contains("ok"));
        return endpoint;
    }

    private Path startAgent(URI endpoint, String joinToken) throws IOException {
        Path agentData = data.resolve("agent");
        Files.createDirectories(agentData);
        Path token = Hosts.joinTokenFile(agentData, joinToken);
        processes.add(new ProcessBuilder(Workloads.java(
                        "dev.svcconnect.cli.SvcConnect",
                        "agent",
                        "--control-plane",
                        endpoint.toString(),
                        "--cluster",
                        CLUSTER,
                        "--isolation",
                        "loopback",
                        "--data",
                        agentData.toString(),
                        "--stop-tasks-on-exit",
                        "--join-token",
                        "@" + token))
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("agent.log").toFile())
                .start());
        return agentData;
    }

    private String get(URI endpoint, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint.resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The pid the agent recorded for {@code name} (a container, or the sidecar). */
    private static long recordedPid(Path task, String name) {
        return TaskRecord.read(task).orElseThrow().processes().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow()
                .pid();
    }

    /** A process's environment, as {@code NAME=value} lines. */
    private static String environ(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8)
                .replace('\0', '\n');
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
