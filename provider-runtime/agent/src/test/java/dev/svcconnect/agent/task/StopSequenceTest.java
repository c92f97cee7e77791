package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopSequenceTest {

    /** What Java reports as the exit code of a process that SIGKILL ended (128 + 9). */
    private static final int KILLED = 137;

    @TempDir
    Path directory;

    private final RecordingControlPlaneLink controlPlane = new RecordingControlPlaneLink();
    private final StopSequence stopSequence = new StopSequence("t1", controlPlane);
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    private Process start(List<String> command) throws Exception {
        // Output to a file as the agent does: Process.destroy closes the pipes a test would read.
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output").toFile())
                .start();
        started.add(process);
        await().atMost(Duration.ofSeconds(10)).until(() -> ShellScripts.running(directory));
        return process;
    }

    @Test
    void aProcessThatExitsOnSigtermEndsWithinTheStopTimeoutWithoutSigkill() throws Exception {
        Process app = start(ShellScripts.exitsOnSigterm(directory));

        stopSequence.terminate(List.of(app), Duration.ofSeconds(30));

        assertThat(app.isAlive()).isFalse();
        assertThat(app.exitValue()).isZero();
        assertThat(ShellScripts.signals(directory)).isEqualTo("SIGTERM received\n");
    }

    @Test
    void aProcessThatIgnoresSigtermGetsSigkillOnceTheStopTimeoutHasPassed() throws Exception {
        Process app = start(ShellScripts.ignoresSigterm(directory));

        stopSequence.terminate(List.of(app), Duration.ofSeconds(1));

        assertThat(app.isAlive()).isFalse();
        assertThat(app.exitValue()).isEqualTo(KILLED);
        assertThat(ShellScripts.signals(directory)).startsWith("SIGTERM ignored\n");
    }

    @Test
    void theProcessesAContainerStartedAreStoppedWithIt() throws Exception {
        Process app = start(List.of("sh", "-c", "echo $$ > '" + directory.resolve("pid") + "'; sleep 600 & wait"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.descendants().findAny().isPresent());
        List<ProcessHandle> children = app.descendants().toList();

        stopSequence.terminate(List.of(app), Duration.ofSeconds(30));

        assertThat(app.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void deregistrationReportsDeactivatingThenStopping() {
        stopSequence.deregister(Duration.ZERO);

        assertThat(controlPlane.statuses()).containsExactly("DEACTIVATING", "STOPPING");
        assertThat(controlPlane.reports()).allMatch(r -> r.taskId().equals("t1"));
    }

    @Test
    void theStoppedReportCarriesTheReasonAndTheExitCode() {
        stopSequence.reportStopped("Essential container in task exited: app exited with code 3", 3);

        assertThat(controlPlane.last("STOPPED").state())
                .hasToString("{\"lastStatus\":\"STOPPED\","
                        + "\"stoppedReason\":\"Essential container in task exited: app exited with code 3\","
                        + "\"exitCode\":3}");
    }

    @Test
    void aStopTheControlPlaneAskedForIsReportedWithoutAReason() {
        stopSequence.reportStopped(null, null);

        assertThat(controlPlane.last("STOPPED").state()).hasToString("{\"lastStatus\":\"STOPPED\"}");
    }

    @Test
    void theStopTimeoutIsTheLongestOfTheContainersAndEcssDefaultWithoutOne() {
        List<ContainerSpec> containers = List.of(container("a", 5), container("b", 12), container("c", 2));

        assertThat(StopSequence.stopTimeout(containers)).isEqualTo(Duration.ofSeconds(12));
        assertThat(StopSequence.stopTimeout(List.of())).isEqualTo(Duration.ofSeconds(30));
    }

    private static ContainerSpec container(String name, int stopTimeoutSeconds) {
        return new ContainerSpec(
                name,
                List.of("true"),
                Map.of(),
                true,
                null,
                Map.of(),
                Duration.ofSeconds(stopTimeoutSeconds),
                null,
                null);
    }
}
