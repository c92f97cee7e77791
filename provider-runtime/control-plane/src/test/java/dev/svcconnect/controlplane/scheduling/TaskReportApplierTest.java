package dev.svcconnect.controlplane.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.model.watch.TaskReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a host agent's report changes in a task, against a real store. */
class TaskReportApplierTest {

    @TempDir
    Path data;

    private SchedulingFixture fixture;
    private Task task;

    @BeforeEach
    void start() {
        fixture = new SchedulingFixture(data);
        fixture.reconcile();
        task = fixture.tasks().get(0);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Task apply(TaskReport report) {
        return fixture.write(tx ->
                fixture.scheduling.reports().apply(tx, Task.find(tx, task.id()).orElseThrow(), report));
    }

    @Test
    void aRunningReportSetsTheAddressOnTheTaskAndItsContainersAndMarksItStarted() {
        Task running = apply(fixture.report("RUNNING", "10.0.0.9", Map.of("http", 15000)));

        assertThat(running.lastStatus()).isEqualTo(TaskStatus.RUNNING);
        assertThat(running.attribute(Attributes.ADDRESS)).isEqualTo("10.0.0.9");
        assertThat(running.attribute(Attributes.INGRESS_PORT + "http")).isEqualTo("15000");
        assertThat(running.containers()).allSatisfy(c -> {
            assertThat(c.get("lastStatus").asText()).isEqualTo("RUNNING");
            assertThat(c.get("networkInterfaces")
                            .get(0)
                            .get("privateIpv4Address")
                            .asText())
                    .isEqualTo("10.0.0.9");
        });
        assertThat(running.json().get("startedAt").asDouble()).isEqualTo(fixture.names.now());
        assertThat(running.json().get("connectivity").asText()).isEqualTo("CONNECTED");
        assertThat(running.version()).isEqualTo(task.version() + 1);
    }

    @Test
    void aLaterReportKeepsWhatItDoesNotSayAndReplacesTheIngressPortsItGives() {
        apply(fixture.report("RUNNING", "10.0.0.9", Map.of("http", 15000)));

        Task kept = apply(fixture.report("RUNNING", null, Map.of()));
        assertThat(kept.attribute(Attributes.ADDRESS)).isEqualTo("10.0.0.9");
        assertThat(kept.attribute(Attributes.INGRESS_PORT + "http")).isEqualTo("15000");

        Task replaced = apply(fixture.report("RUNNING", null, Map.of("admin", 15001)));
        assertThat(replaced.attribute(Attributes.INGRESS_PORT + "http")).isNull();
        assertThat(replaced.attribute(Attributes.INGRESS_PORT + "admin")).isEqualTo("15001");
    }

    @Test
    void aStoppedReportKeepsTheReasonAndTheExitCode() {
        Task stopped = apply(new TaskReport("STOPPED", null, null, Map.of(), null, "OutOfMemory", 137, null, null));

        assertThat(stopped.isStopped()).isTrue();
        assertThat(stopped.desiredStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(stopped.json().get("stoppedReason").asText()).isEqualTo("OutOfMemory");
        assertThat(stopped.json().get("stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.containers()).allSatisfy(c -> {
            assertThat(c.get("lastStatus").asText()).isEqualTo("STOPPED");
            assertThat(c.get("exitCode").asInt()).isEqualTo(137);
        });
    }

    @Test
    void aTaskAskedToStopIsNoFailureOfItsDeployment() {
        fixture.write(tx -> {
            Task found = Task.find(tx, task.id()).orElseThrow();
            fixture.scheduling.stopper().stop(tx, found, "Task stopped by user", "UserInitiated");
            return null;
        });

        Task stopped = apply(fixture.report("STOPPED", null, Map.of()));

        assertThat(stopped.json().get("stopCode").asText()).isEqualTo("UserInitiated");
        assertThat(fixture.service().primary().failedTasks()).isZero();
    }

    /**
     * A task the control plane stopped (its host was lost, say) stays STOPPED, whatever its host's
     * agent, back from a partition, reports of it: a stopped task never runs again in ECS.
     */
    @Test
    void aReportOfATaskThatHasStoppedChangesNothing() {
        Task stopped = apply(new TaskReport("STOPPED", null, null, Map.of(), null, "Host was lost", null, null, null));

        for (String status : new String[] {"RUNNING", "DEACTIVATING", "STOPPED"}) {
            Task after = apply(fixture.report(status, "10.0.0.9", Map.of("http", 15000)));

            assertThat(after.lastStatus()).as("after a %s report", status).isEqualTo(TaskStatus.STOPPED);
            assertThat(after.json().get("stoppedReason").asText()).isEqualTo("Host was lost");
            assertThat(after.stoppedAt()).isEqualTo(stopped.stoppedAt());
            assertThat(after.version()).isEqualTo(stopped.version());
        }
    }
}
