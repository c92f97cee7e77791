package dev.svcconnect.local.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.local.DeployException;
import dev.svcconnect.provider.ControlPlane;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * After a destroy, the engine waits for the running agents to drop their record of every task the
 * control plane no longer wants running (the agent removes it once the task's processes and network
 * are gone), and names what is left when they take too long. A real control plane; the agent is a
 * process that stands in for one, its records written as an agent writes them.
 */
class TaskCleanupTest {

    private static final String CLUSTER = "apps";

    @TempDir
    Path dir;

    private ControlPlaneServer server;
    private ControlPlane controlPlane;
    private Process agent;
    private String runningTask;

    @BeforeEach
    void startControlPlaneAndAgent() throws IOException {
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(dir.resolve("env").resolve("data"))
                .build());
        controlPlane = ControlPlane.connect(
                server.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.adminCredentials().accessKeyId(),
                        server.adminCredentials().secretAccessKey())));
        controlPlane.ecs().createCluster(b -> b.clusterName(CLUSTER));
        String definition = controlPlane
                .ecs()
                .registerTaskDefinition(b -> b.family("api")
                        .containerDefinitions(c -> c.name("app").image("none").command("sleep", "600")))
                .taskDefinition()
                .taskDefinitionArn();
        controlPlane
                .ecs()
                .createService(b -> b.cluster(CLUSTER)
                        .serviceName("api")
                        .taskDefinition(definition)
                        .desiredCount(1));
        runningTask =
                controlPlane.ecs().listTasks(b -> b.cluster(CLUSTER)).taskArns().get(0);
        agent = new ProcessBuilder("sleep", "600").start();
        Files.writeString(
                Files.createDirectories(dir.resolve("env")).resolve("agents.json"),
                "{\"agents\": [{\"name\": \"fleet-apps-Hosts-1\", \"pid\": " + agent.pid() + ", \"args\": []}]}");
    }

    @AfterEach
    void stop() throws InterruptedException {
        agent.destroy();
        agent.waitFor();
        controlPlane.close();
        server.close();
    }

    private Path record(String taskArn, String network) throws IOException {
        Path task = Files.createDirectories(dir.resolve("env/agents/fleet-apps-Hosts-1/tasks")
                .resolve(taskArn.substring(taskArn.lastIndexOf('/') + 1)));
        return Files.writeString(
                task.resolve("running.json"),
                "{\"taskArn\": \"" + taskArn + "\", \"network\": \"" + network
                        + "\", \"processes\": [{\"name\": \"app\", \"pid\": " + agent.pid()
                        + ", \"startedAtMillis\": -1}]}");
    }

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private Agents agents(Duration cleanupTimeout) {
        return new Agents(
                dir.resolve("env"),
                Launchers.of(List.of("unused")),
                server.endpoint(),
                new PrintStream(output, true, StandardCharsets.UTF_8),
                cleanupTimeout);
    }

    private static String missingTask(String cluster, int number) {
        return "arn:aws:ecs:us-east-1:000000000000:task/" + cluster + "/" + "%032x".formatted(number);
    }

    @Test
    void aTaskOfADeletedClusterStillHeldByARunningAgentIsNamedWithItsNetworkAndProcessesAfterTheTimeout()
            throws IOException {
        String gone = "arn:aws:ecs:us-east-1:000000000000:task/deleted/0123456789abcdef0123456789abcdef";
        record(gone, "svcc-7");
        record(runningTask, "svcc-8");

        assertThatThrownBy(() -> agents(Duration.ofSeconds(1)).afterDestroy())
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("The host agents have not finished cleaning up 1 stopped task(s) within 1 s: "
                        + "task 0123456789abcdef0123456789abcdef on agent fleet-apps-Hosts-1 (network svcc-7, processes "
                        + agent.pid() + ")")
                .hasMessageNotContaining("svcc-8");
    }

    @Test
    void destroyGoesOnOnceTheAgentHasRemovedTheRecordOfATaskTheControlPlaneStopped() throws Exception {
        controlPlane.ecs().stopTask(b -> b.cluster(CLUSTER).task(runningTask));
        Path record = record(runningTask, "svcc-8");
        CompletableFuture<Void> cleaned = CompletableFuture.runAsync(
                () -> {
                    try {
                        Files.delete(record);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

        long started = System.nanoTime();
        agents(Duration.ofSeconds(60)).afterDestroy();

        assertThat(cleaned).isDone();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRecordHoldsDestroyBackWhileItsAgentRunsAndNoLongerOnceTheAgentIsGone()
            throws IOException, InterruptedException {
        record("arn:aws:ecs:us-east-1:000000000000:task/deleted/0123456789abcdef0123456789abcdef", "svcc-7");
        assertThatThrownBy(() -> agents(Duration.ofMillis(300)).afterDestroy())
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("network svcc-7");

        agent.destroy();
        agent.waitFor();

        assertThatCode(() -> agents(Duration.ofSeconds(30)).afterDestroy()).doesNotThrowAnyException();
    }

    @Test
    void moreThanAHundredRecordsOfOneClusterAreAskedAboutInBatchesSoARunningTaskNeverCountsAsStopped()
            throws IOException {
        for (int number = 0; number < 100; number++) {
            record(missingTask(CLUSTER, number), "svcc-missing");
        }
        record(runningTask, "svcc-8");

        assertThatThrownBy(() -> agents(Duration.ofMillis(300)).afterDestroy())
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("The host agents have not finished cleaning up 100 stopped task(s)")
                .hasMessageNotContaining("svcc-8");
    }

    @Test
    void aRecordWithoutATaskArnIsReportedOnceAndDoesNotHoldDestroyBack() throws IOException {
        Path task = Files.createDirectories(dir.resolve("env/agents/fleet-apps-Hosts-1/tasks/truncated"));
        Files.writeString(task.resolve("running.json"), "{\"network\": \"svcc-9\", \"processes\": []}");
        record(runningTask, "svcc-8");

        agents(Duration.ofSeconds(30)).afterDestroy();

        assertThat(output.toString(StandardCharsets.UTF_8))
                .containsOnlyOnce("Ignoring the task record " + task.resolve("running.json")
                        + ": its taskArn \"\" is not a task ARN");
    }
}
