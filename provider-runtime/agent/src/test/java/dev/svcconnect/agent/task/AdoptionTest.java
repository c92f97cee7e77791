package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.agent.sandbox.Sandbox;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a new agent takes over a task a previous one recorded, decided on real processes and addresses. */
class AdoptionTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task/svc-cluster-1/0f2c";
    private static final String ADDRESS = "127.7.255.254";
    private static final String REFUSED = "Task could not be taken over after an agent restart: ";
    private static final List<String> NEEDED = List.of(TaskRecord.RecordedProcess.SIDECAR, "app");

    @TempDir
    Path directory;

    @TempDir
    Path leases;

    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Isolation isolation;

    @BeforeEach
    void isolation() throws Exception {
        isolation = open();
    }

    @AfterEach
    void stopStarted() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Isolation open() throws Exception {
        Isolation opened = Isolation.loopback(List.of(URI.create("http://127.0.0.1:7700")), leases);
        this.opened.add(opened);
        return opened;
    }

    private Process sleeper() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        started.add(process);
        return process;
    }

    private TaskRecord record(String network, TaskRecord.RecordedProcess... processes) {
        return new TaskRecord(ARN, network, List.of(processes));
    }

    private Adoption decide(TaskRecord record, Isolation on) throws Exception {
        Adoption adoption = Adoption.decide(record, NEEDED, on, directory);
        if (adoption.network() != null) {
            opened.add(adoption.network());
        }
        return adoption;
    }

    @Test
    void aTaskWhoseRecordedProcessesStillRunWithTheirStartTimesIsTakenOverWithItsAddress() throws Exception {
        Process proxy = sleeper();
        Process app = sleeper();

        Adoption adoption = decide(
                record(
                        ADDRESS,
                        TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()),
                        TaskRecord.RecordedProcess.of("app", app.toHandle())),
                isolation);

        assertThat(adoption.adoptable()).isTrue();
        assertThat(adoption.refusal()).isNull();
        assertThat(adoption.network().name()).isEqualTo(ADDRESS);
        assertThat(adoption.processes())
                .isEqualTo(Map.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle(), "app", app.toHandle()));
    }

    @Test
    void aTaskWhoseProcessHasExitedIsRefusedNamingItsPid() throws Exception {
        Process proxy = sleeper();
        Process app = sleeper();
        TaskRecord record = record(
                ADDRESS,
                TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()),
                TaskRecord.RecordedProcess.of("app", app.toHandle()));
        app.destroy();
        app.waitFor();

        Adoption adoption = decide(record, isolation);

        assertThat(adoption.adoptable()).isFalse();
        assertThat(adoption.refusal()).isEqualTo(REFUSED + "app (pid " + app.pid() + ") has exited");
        assertThat(adoption.network()).isNull();
        assertThat(proxy.isAlive()).isTrue();
    }

    @Test
    void aRecordedPidNowRunningAnotherProcessIsRefusedAndThatProcessLeftAlone() throws Exception {
        Process proxy = sleeper();
        Process other = sleeper();
        long otherStart = TaskRecord.RecordedProcess.of("app", other.toHandle()).startedAtMillis();

        Adoption adoption = decide(
                record(
                        ADDRESS,
                        TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()),
                        new TaskRecord.RecordedProcess("app", other.pid(), otherStart - 60_000)),
                isolation);

        assertThat(adoption.refusal())
                .isEqualTo(REFUSED + "app (pid " + other.pid()
                        + ") has exited and its pid now belongs to another process");
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void aTaskWhoseNetworkAnotherAgentHoldsIsRefused() throws Exception {
        Process proxy = sleeper();
        Process app = sleeper();
        TaskRecord record = record(
                ADDRESS,
                TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()),
                TaskRecord.RecordedProcess.of("app", app.toHandle()));
        assertThat(decide(record, open()).adoptable()).isTrue();

        Adoption adoption = decide(record, isolation);

        assertThat(adoption.refusal())
                .isEqualTo(REFUSED + "its network " + ADDRESS + " is gone or taken by another agent");
    }

    @Test
    void aTaskWhoseNetworkIsNotOneOfThisIsolationIsRefusedAsGone() throws Exception {
        Process proxy = sleeper();
        Process app = sleeper();

        Adoption adoption = decide(
                record(
                        "svcc-3",
                        TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()),
                        TaskRecord.RecordedProcess.of("app", app.toHandle())),
                isolation);

        assertThat(adoption.refusal()).isEqualTo(REFUSED + "its network svcc-3 is gone or taken by another agent");
    }

    @Test
    void aTaskWhoseContainerThePreviousAgentNeverStartedIsRefused() throws Exception {
        Process proxy = sleeper();

        Adoption adoption = decide(
                record(ADDRESS, TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle())),
                isolation);

        assertThat(adoption.refusal()).isEqualTo(REFUSED + "app was never started");
    }

    @Test
    void anAdoptedEssentialContainerThatExitsEndsTheTaskWithAnUnknownExitCode() throws Exception {
        Process proxy = sleeper();
        Process app = sleeper();
        Adoption adoption = decide(
                record(
                        ADDRESS,
                        TaskRecord.RecordedProcess.of(TaskRecord.RecordedProcess.SIDECAR, proxy.toHandle()),
                        TaskRecord.RecordedProcess.of("app", app.toHandle())),
                isolation);
        List<ContainerSpec> specs = ContainerSpec.of(dev.svcconnect.model.Json.mapper()
                .readTree("{\"containerDefinitions\": [{\"name\": \"app\", \"command\": [\"sleep\", \"60\"]}]}"));
        TaskProcesses processes = TaskProcesses.adopted("0f2c", directory, adoption, specs, Sandbox.unconfined());
        assertThat(processes.essentialExit(specs)).isNull();

        app.destroy();

        await().atMost(Duration.ofSeconds(10)).until(() -> processes.essentialExit(specs) != null);
        assertThat(processes.essentialExit(specs))
                .isEqualTo(new TaskExit(
                        "Essential container in task exited: app exited (exit code unknown: a previous agent started it)",
                        null));
    }
}
