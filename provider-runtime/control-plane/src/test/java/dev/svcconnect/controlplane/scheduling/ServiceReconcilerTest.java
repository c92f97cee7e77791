package dev.svcconnect.controlplane.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Resources;
import dev.svcconnect.controlplane.document.RolloutState;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling parts together against a real store and Cloud Map registry, without a server. */
class ServiceReconcilerTest {

    @TempDir
    Path data;

    private SchedulingFixture fixture;

    @BeforeEach
    void start() {
        fixture = new SchedulingFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<Task> tasks() {
        return fixture.tasks();
    }

    private Service service() {
        return fixture.service();
    }

    private void report(Task task, String status, String address) {
        fixture.report(task, status, address);
    }

    private List<ObjectNode> instances() {
        return fixture.instances();
    }

    private void reconcile() {
        fixture.reconcile();
    }

    /** Changes the stored desired count without reconciling, as no API call does. */
    private void storeDesiredCount(int desired) {
        fixture.write(tx -> {
            Service.find(tx, service().arn())
                    .orElseThrow()
                    .desiredCount(desired)
                    .save(tx);
            return null;
        });
    }

    /** Reports {@code task} RUNNING; a full reconciliation after it changes neither the service nor its tasks. */
    private void reportRunningAndReconcileToNoChange(Task task) {
        report(task, "RUNNING", "10.0.0.9");
        Service afterReport = service();
        List<Task> tasksAfterReport = tasks();
        reconcile();
        assertThat(service().json()).isEqualTo(afterReport.json());
        assertThat(tasks())
                .extracting(Task::json)
                .isEqualTo(tasksAfterReport.stream().map(Task::json).toList());
    }

    @Test
    void aReconciledServiceLaunchesItsDesiredTasksOnTheHost() {
        reconcile();

        assertThat(tasks()).hasSize(2).allSatisfy(task -> {
            assertThat(task.lastStatus()).isEqualTo(TaskStatus.PROVISIONING);
            assertThat(task.hostArn()).endsWith("/0123456789abcdef0123");
            assertThat(task.resources()).isEqualTo(new Resources(256, 512));
            assertThat(task.startedBy()).isEqualTo("ecs-svc/1");
        });
        assertThat(service().primary().pendingCount()).isEqualTo(2);
    }

    @Test
    void runningTasksAreRegisteredInCloudMapAndCompleteTheDeployment() {
        reconcile();
        List<Task> tasks = tasks();

        report(tasks.get(0), "RUNNING", "10.0.0.9");
        report(tasks.get(1), "RUNNING", "10.0.0.9");

        assertThat(instances())
                .extracting(i -> i.get("Id").asText())
                .containsExactlyInAnyOrder(tasks.get(0).id(), tasks.get(1).id());
        Deployment primary = service().primary();
        assertThat(primary.rolloutState()).isEqualTo(RolloutState.COMPLETED);
        assertThat(primary.runningCount()).isEqualTo(2);
    }

    @Test
    void aRunningReportStoresTheCountsAndRolloutStateAFullReconciliationWould() {
        reconcile();
        List<Task> tasks = tasks();

        for (Task task : tasks) {
            reportRunningAndReconcileToNoChange(task);
        }
        assertThat(service().primary().rolloutState()).isEqualTo(RolloutState.COMPLETED);
        assertThat(service().runningCount()).isEqualTo(2);
        assertThat(service().pendingCount()).isZero();
    }

    @Test
    void aRunningReportReconcilesInFullWhenTheStoredCountsAreNotTheLastReconciliations() {
        reconcile();
        storeDesiredCount(3);

        report(tasks().get(0), "RUNNING", "10.0.0.9");

        assertThat(tasks()).filteredOn(Task::wantsToRun).hasSize(3);
        assertThat(service().primary().desiredCount()).isEqualTo(3);
    }

    @Test
    void runningReportsAfterAScaleInLeaveWhatAFullReconciliationWould() {
        reconcile();
        storeDesiredCount(1);
        reconcile();

        for (Task task : tasks()) {
            reportRunningAndReconcileToNoChange(task);
        }
        assertThat(tasks()).filteredOn(Task::wantsToRun).hasSize(1);
    }

    @Test
    void aTaskThatStopsUnaskedCountsAsFailedLeavesCloudMapAndIsReplaced() {
        reconcile();
        Task first = tasks().get(0);
        report(first, "RUNNING", "10.0.0.9");

        report(first, "STOPPED", null);

        assertThat(service().primary().failedTasks()).isEqualTo(1);
        assertThat(instances()).isEmpty();
        assertThat(tasks()).filteredOn(Task::wantsToRun).hasSize(2);
        Task stopped = fixture.store.read(tx -> Task.find(tx, first.id()).orElseThrow());
        assertThat(stopped.json().get("stopCode").asText()).isEqualTo("EssentialContainerExited");
    }

    @Test
    void aDeploymentWhoseTasksKeepFailingTripsTheBreakerWithAnEvent() {
        reconcile();
        for (int i = 0; i < 3; i++) {
            Task task = tasks().stream().filter(Task::wantsToRun).findFirst().orElseThrow();
            report(task, "STOPPED", null);
        }

        Service service = service();
        assertThat(service.primary().rolloutState()).isEqualTo(RolloutState.FAILED);
        assertThat(service.latestEventMessage())
                .isEqualTo("(service api) (deployment ecs-svc/1) deployment failed: tasks failed to start.");
    }
}
