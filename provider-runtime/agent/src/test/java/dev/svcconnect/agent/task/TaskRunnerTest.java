package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.sandbox.Sandbox;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.TaskAssignment;
import dev.svcconnect.model.watch.TaskSecrets;
import dev.svcconnect.model.watch.WireJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's stop sequence on a host without network namespaces (loopback isolation), with real processes. */
class TaskRunnerTest {

    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @TempDir
    Path app;

    private Isolation isolation;
    private RecordingControlPlaneLink controlPlane;
    private TaskRunner runner;

    @BeforeEach
    void openIsolation() throws Exception {
        isolation = Isolation.loopback(List.of(URI.create("http://127.0.0.1:1")), data.resolve("leases"));
        controlPlane = new RecordingControlPlaneLink(() -> ShellScripts.signals(app));
    }

    @AfterEach
    void stopTask() {
        if (runner != null) {
            runner.stop("test over");
            runner.finished()
                    .orTimeout(STOPPED_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    .join();
        }
        isolation.close();
    }

    private TaskRunner start(ObjectNode container, long startAfterEpochSeconds) {
        return start(List.of(container), startAfterEpochSeconds);
    }

    private TaskRunner start(List<ObjectNode> definitions, long startAfterEpochSeconds) {
        ObjectNode assignment = Json.mapper().createObjectNode();
        assignment
                .putObject("task")
                .put("taskArn", "arn:aws:ecs:us-east-1:123456789012:task/east/0f2c4a6e8b")
                .put("startAfter", startAfterEpochSeconds);
        ArrayNode containers = assignment.putObject("taskDefinition").putArray("containerDefinitions");
        containers.addAll(definitions);
        TaskSettings settings =
                new TaskSettings(data, List.of("svc-connect-proxy"), Duration.ofMillis(100), Sandbox.unconfined());
        runner = new TaskRunner(WireJson.read(assignment, TaskAssignment.class), settings, controlPlane, isolation)
                .start();
        return runner;
    }

    private static ObjectNode container(List<String> command, int stopTimeoutSeconds) {
        ObjectNode container = Json.mapper().createObjectNode().put("name", "app");
        command.forEach(container.putArray("command")::add);
        return container.put("stopTimeout", stopTimeoutSeconds);
    }

    private TaskRunner startRunning(List<String> command, int stopTimeoutSeconds) {
        TaskRunner task = start(container(command, stopTimeoutSeconds), 0);
        await().atMost(STOPPED_WITHIN).until(() -> controlPlane.statuses().contains("RUNNING"));
        await().atMost(STOPPED_WITHIN).until(() -> ShellScripts.running(app));
        return task;
    }

    private void awaitFinished(TaskRunner task) {
        await().atMost(STOPPED_WITHIN).until(() -> task.finished().isDone());
    }

    @Test
    void aStoppedTaskIsDeregisteredBeforeItsContainersGetSigterm() {
        TaskRunner task = startRunning(ShellScripts.exitsOnSigterm(app), 30);

        task.stop("Host is draining");
        awaitFinished(task);

        assertThat(controlPlane.statuses())
                .containsExactly("PENDING", "RUNNING", "DEACTIVATING", "STOPPING", "STOPPED");
        assertThat(controlPlane.last("DEACTIVATING").observed()).isEmpty();
        assertThat(controlPlane.last("STOPPING").observed()).isEmpty();
        assertThat(controlPlane.last("STOPPED").observed()).isEqualTo("SIGTERM received\n");
        assertThat(ShellScripts.running(app)).isFalse();
    }

    @Test
    void theStoppedReportCarriesTheHostsReason() {
        TaskRunner task = startRunning(ShellScripts.exitsOnSigterm(app), 30);

        task.stop("Host is draining");
        awaitFinished(task);

        assertThat(controlPlane.last("STOPPED").state())
                .hasToString("{\"lastStatus\":\"STOPPED\",\"stoppedReason\":\"Host is draining\"}");
    }

    @Test
    void aStopTheControlPlaneAskedForLeavesTheReasonToTheControlPlane() {
        TaskRunner task = startRunning(ShellScripts.exitsOnSigterm(app), 30);

        task.stopAsAsked();
        awaitFinished(task);

        assertThat(controlPlane.last("STOPPED").state()).hasToString("{\"lastStatus\":\"STOPPED\"}");
    }

    @Test
    void aContainerThatIgnoresSigtermIsKilledAfterItsStopTimeout() {
        TaskRunner task = startRunning(ShellScripts.ignoresSigterm(app), 1);

        task.stop("Host is draining");
        awaitFinished(task);

        assertThat(ShellScripts.signals(app)).startsWith("SIGTERM ignored\n");
        assertThat(ShellScripts.running(app)).isFalse();
        assertThat(controlPlane.statuses()).endsWith("DEACTIVATING", "STOPPING", "STOPPED");
    }

    @Test
    void anEssentialContainerThatExitsStopsTheTaskWithItsExitCode() {
        TaskRunner task = startRunning(ShellScripts.exitsOnceAsked(app, 3), 30);

        ShellScripts.askToExit(app);
        awaitFinished(task);

        assertThat(controlPlane.statuses())
                .containsExactly("PENDING", "RUNNING", "DEACTIVATING", "STOPPING", "STOPPED");
        JsonNode stopped = controlPlane.last("STOPPED").state();
        assertThat(stopped.path("stoppedReason").asText())
                .isEqualTo("Essential container in task exited: app exited with code 3");
        assertThat(stopped.path("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void aTaskStoppedBeforeItsStartTimeIsOnlyReportedStopped() {
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        TaskRunner task = start(container(ShellScripts.exitsOnSigterm(app), 30), inAnHour);

        task.stop("Host is draining");
        awaitFinished(task);

        assertThat(controlPlane.statuses()).containsExactly("STOPPED");
        assertThat(controlPlane.last("STOPPED").state().path("stoppedReason").asText())
                .isEqualTo("Host is draining");
        assertThat(ShellScripts.running(app)).isFalse();
    }

    @Test
    void eachContainerGetsItsOwnSecretsInItsEnvironmentAndNoOtherContainerDoes() throws Exception {
        controlPlane.answerSecrets(new TaskSecrets(Map.of("app", Map.of("DB_PASSWORD", "s3cret-for-app"))));
        ObjectNode withSecret =
                container(List.of("sh", "-c", "echo \"app:${DB_PASSWORD:-unset}\" > app.env; sleep 60"), 1);
        withSecret.putArray("secrets").addObject().put("name", "DB_PASSWORD").put("valueFrom", "/prod/db");
        ObjectNode other = container(
                        List.of("sh", "-c", "echo \"other:${DB_PASSWORD:-unset}\" > other.env; sleep 60"), 1)
                .put("name", "other");

        start(List.of(withSecret, other), 0);
        await().atMost(STOPPED_WITHIN).until(() -> controlPlane.statuses().contains("RUNNING"));

        Path task = TaskFiles.directory(data, "0f2c4a6e8b");
        // Each container writes in its own working directory.
        Path appEnv = TaskFiles.workDirectory(task, "app").resolve("app.env");
        Path otherEnv = TaskFiles.workDirectory(task, "other").resolve("other.env");
        await().atMost(STOPPED_WITHIN).until(() -> Files.exists(otherEnv) && Files.exists(appEnv));
        assertThat(Files.readString(appEnv)).isEqualTo("app:s3cret-for-app\n");
        assertThat(Files.readString(otherEnv)).isEqualTo("other:unset\n");
        assertThat(controlPlane.secretsAskedFor()).containsExactly("0f2c4a6e8b");
        assertThat(Files.readString(task.resolve(TaskRecord.FILE))).doesNotContain("s3cret-for-app");
    }

    @Test
    void aTaskWithoutSecretsDoesNotAskForThem() {
        startRunning(ShellScripts.exitsOnSigterm(app), 30);

        assertThat(controlPlane.secretsAskedFor()).isEmpty();
    }

    @Test
    void secretsThatCannotBeHadStopTheTaskBeforeAnyContainerStartsWithTheReasonNamingThem() {
        controlPlane.refuseSecrets("unable to pull secrets or registry auth: execution resource retrieval failed: "
                + "unable to retrieve secrets from ssm: invalid parameters: /prod/missing");
        ObjectNode withSecret = container(ShellScripts.exitsOnSigterm(app), 30);
        withSecret.putArray("secrets").addObject().put("name", "DB_PASSWORD").put("valueFrom", "/prod/missing");

        TaskRunner task = start(withSecret, 0);
        awaitFinished(task);

        assertThat(controlPlane.statuses()).containsExactly("STOPPED");
        assertThat(controlPlane.last("STOPPED").state().path("stoppedReason").asText())
                .isEqualTo("ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
                        + "retrieval failed: unable to retrieve secrets from ssm: invalid parameters: /prod/missing");
        assertThat(ShellScripts.running(app)).isFalse();
        assertThat(app.resolve("pid")).as("the container never started").doesNotExist();
    }
}
