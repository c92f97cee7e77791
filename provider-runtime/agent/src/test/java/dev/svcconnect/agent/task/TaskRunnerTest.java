package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.agent.artifact.ArtifactSource;
import dev.svcconnect.agent.classdata.SidecarClassData;
import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.sandbox.Sandbox;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.artifact.ArtifactLabels;
import dev.svcconnect.model.watch.TaskAssignment;
import dev.svcconnect.model.watch.TaskSecrets;
import dev.svcconnect.model.watch.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's life on a host without network namespaces (loopback isolation), with real processes: its
 * stop sequence, its secrets, and its containers' artifacts (a real .tar.gz in the local stand-in for
 * S3, unpacked with its modes into the container's working directory before the container starts
 * there; a corrupted or missing one stops the task before any container starts, saying why).
 */
class TaskRunnerTest {

    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(60);
    private static final String TASK_ID = "0f2c4a6e8b";
    private static final String URL = "s3://cdk-hnb659fds-assets-000000000000-us-east-1/" + "ab12".repeat(16) + ".gz";

    @TempDir
    Path data;

    @TempDir
    Path app;

    @TempDir
    Path s3;

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
        return start(definitions, startAfterEpochSeconds, ArtifactSource.s3());
    }

    private TaskRunner start(List<ObjectNode> definitions, long startAfterEpochSeconds, ArtifactSource artifacts) {
        ObjectNode assignment = Json.mapper().createObjectNode();
        assignment
                .putObject("task")
                .put("taskArn", "arn:aws:ecs:us-east-1:123456789012:task/east/" + TASK_ID)
                .put("startAfter", startAfterEpochSeconds);
        ArrayNode containers = assignment.putObject("taskDefinition").putArray("containerDefinitions");
        containers.addAll(definitions);
        TaskSettings settings = new TaskSettings(
                data,
                List.of("svc-connect-proxy"),
                Duration.ofMillis(100),
                Sandbox.unconfined(),
                artifacts,
                SidecarClassData.off());
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
    void aTaskLeftByTheAgentBeforeItsPortsAcceptIsNotReportedRunning() throws Exception {
        ObjectNode container = container(ShellScripts.exitsOnSigterm(app), 30);
        // Port 1 of the task's address: nothing listens there, so the task never becomes healthy.
        container.putArray("portMappings").addObject().put("name", "web").put("containerPort", 1);
        TaskRunner task = start(container, 0);
        await().atMost(STOPPED_WITHIN).until(() -> ShellScripts.running(app));

        task.detach();
        awaitFinished(task);

        assertThat(controlPlane.statuses()).containsExactly("PENDING");
        assertThat(ShellScripts.running(app)).isTrue();
        // Left running for a next agent, which this test has not: end the script itself.
        ProcessHandle.of(Long.parseLong(Files.readString(app.resolve("pid")).trim()))
                .ifPresent(ProcessHandle::destroy);
        await().atMost(STOPPED_WITHIN).until(() -> !ShellScripts.running(app));
        runner = null;
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

        Path task = TaskFiles.directory(data, TASK_ID);
        // Each container writes in its own working directory.
        Path appEnv = TaskFiles.workDirectory(task, "app").resolve("app.env");
        Path otherEnv = TaskFiles.workDirectory(task, "other").resolve("other.env");
        await().atMost(STOPPED_WITHIN).until(() -> Files.exists(otherEnv) && Files.exists(appEnv));
        assertThat(Files.readString(appEnv)).isEqualTo("app:s3cret-for-app\n");
        assertThat(Files.readString(otherEnv)).isEqualTo("other:unset\n");
        assertThat(controlPlane.secretsAskedFor()).containsExactly(TASK_ID);
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

    @Test
    void theArchiveIsUnpackedIntoTheContainersWorkingDirectoryWithItsModesBeforeTheContainerStarts() throws Exception {
        byte[] archive = archive();
        publish(archive);

        startWithArtifact(sha256(archive));
        await().atMost(STOPPED_WITHIN).until(() -> controlPlane.statuses().contains("RUNNING"));
        await().atMost(STOPPED_WITHIN)
                .until(() -> Files.isRegularFile(app.resolve("ran")) && Files.size(app.resolve("ran")) > 0);

        Path work = TaskFiles.workDirectory(TaskFiles.directory(data, TASK_ID), "app");
        assertThat(Files.readString(app.resolve("ran")))
                .isEqualTo("hello from the artifact in " + work.toRealPath() + "\n");
        assertThat(Files.getPosixFilePermissions(work.resolve("bin/run.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(work.resolve("greeting.txt")).hasContent("hello from the artifact");
        assertThat(TaskFiles.directory(data, TASK_ID).resolve("artifact-app.part"))
                .as("the download, once unpacked")
                .doesNotExist();
    }

    @Test
    void aCorruptedArchiveStopsTheTaskBeforeAnyContainerStartsNamingItAndBothChecksums() throws Exception {
        byte[] archive = archive();
        String expected = sha256(archive);
        archive[archive.length / 2] ^= 0x5a;
        publish(archive);

        TaskRunner task = startWithArtifact(expected);
        await().atMost(STOPPED_WITHIN).until(() -> task.finished().isDone());

        assertThat(controlPlane.statuses())
                .startsWith("PENDING")
                .endsWith("STOPPED")
                .doesNotContain("RUNNING");
        assertThat(controlPlane.last("STOPPED").state().path("stoppedReason").asText())
                .isEqualTo("CannotPullContainerError: artifact " + URL + " of container 'app' has SHA-256 "
                        + sha256(archive) + ", not " + expected
                        + " as its task definition says: it is corrupted or was replaced (deploy the app again)");
        assertThat(app.resolve("ran")).as("the container never started").doesNotExist();
    }

    @Test
    void anArtifactMissingFromItsBucketStopsTheTaskSayingWhere() throws Exception {
        TaskRunner task = startWithArtifact(sha256(archive()));
        await().atMost(STOPPED_WITHIN).until(() -> task.finished().isDone());

        assertThat(controlPlane.last("STOPPED").state().path("stoppedReason").asText())
                .startsWith("CannotPullContainerError: cannot read artifact " + URL + " of container 'app': no such"
                        + " object (the local stand-in for S3 has no file ");
    }

    private TaskRunner startWithArtifact(String sha256) {
        ObjectNode container = Json.mapper().createObjectNode().put("name", "app");
        container.putArray("command").add("sh").add("-c").add("exec bin/run.sh");
        container.putArray("environment").addObject().put("name", "OUT").put("value", app.toString());
        container
                .putObject("dockerLabels")
                .put(ArtifactLabels.URL, URL)
                .put(ArtifactLabels.SHA256, sha256)
                .put(ArtifactLabels.NAME, "app.tar.gz");
        return start(List.of(container), 0, ArtifactSource.directory(s3));
    }

    /** {@code greeting.txt} and an executable {@code bin/run.sh} that says where it runs, then sleeps. */
    private static byte[] archive() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            add(tar, "greeting.txt", 0644, "hello from the artifact");
            add(
                    tar,
                    "bin/run.sh",
                    0755,
                    "#!/bin/sh\necho \"$(cat greeting.txt) in $(pwd -P)\" > \"$OUT/ran\"\nexec sleep 600\n");
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(body.length);
        tar.putArchiveEntry(entry);
        tar.write(body);
        tar.closeArchiveEntry();
    }

    private void publish(byte[] archive) throws IOException {
        Path object = s3.resolve(URL.substring("s3://".length()));
        Files.createDirectories(object.getParent());
        try (OutputStream file = Files.newOutputStream(object)) {
            file.write(archive);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
