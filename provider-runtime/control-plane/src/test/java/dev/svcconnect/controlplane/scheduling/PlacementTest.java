package dev.svcconnect.controlplane.scheduling;

import static dev.svcconnect.controlplane.scheduling.Documents.host;
import static dev.svcconnect.controlplane.scheduling.Documents.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Task;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private final Host small = host("aaaaaaaaaaaaaaaaaaaa", "EC2", 512, 1024);
    private final Host large = host("bbbbbbbbbbbbbbbbbbbb", "EC2", 4096, 8192);

    private static List<String> hostIds(List<Placement.Decision> decisions) {
        return decisions.stream()
                .map(d -> d.host().map(Host::id).orElse("none"))
                .toList();
    }

    @Test
    void aTaskGoesToTheHostWithFewestTasksThenTheLowerArn() {
        List<Task> tasks = List.of(
                task("1", "RUNNING", small.arn(), 0, 0),
                task("2", "PROVISIONING", null, 0, 0),
                task("3", "PROVISIONING", null, 0, 0),
                task("4", "PROVISIONING", null, 0, 0));

        assertThat(hostIds(Placement.decide(List.of(small, large), tasks)))
                .containsExactly("bbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb");
    }

    @Test
    void aTaskGoesOnlyWhereItsCpuAndMemoryFit() {
        List<Task> tasks = List.of(
                task("1", "RUNNING", large.arn(), 1024, 1024),
                task("2", "PROVISIONING", null, 1024, 512),
                task("3", "PROVISIONING", null, 256, 2048));

        assertThat(hostIds(Placement.decide(List.of(small, large), tasks)))
                .containsExactly("bbbbbbbbbbbbbbbbbbbb", "bbbbbbbbbbbbbbbbbbbb");
    }

    @Test
    void aTaskThatFitsNowhereIsDecidedWithoutHost() {
        List<Task> tasks = List.of(task("1", "PROVISIONING", null, 8192, 64));

        assertThat(Placement.decide(List.of(small, large), tasks))
                .containsExactly(new Placement.Decision(tasks.get(0), Optional.empty()));
    }

    @Test
    void stoppedTasksFreeTheirResources() {
        List<Task> tasks =
                List.of(task("1", "STOPPED", small.arn(), 512, 1024), task("2", "PROVISIONING", null, 512, 1024));

        assertThat(hostIds(Placement.decide(List.of(small), tasks))).containsExactly("aaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void fargateHostsAreNotBoundedAndOtherLaunchTypesWaitForTheirHosts() {
        Host fargate = host("cccccccccccccccccccc", "FARGATE", 1, 1);
        Task fargateTask = task("1", "PROVISIONING", null, 4096, 8192);
        fargateTask.json().put("launchType", "FARGATE");
        Task ec2Task = task("2", "PROVISIONING", null, 256, 256);

        assertThat(hostIds(Placement.decide(List.of(fargate), List.of(fargateTask, ec2Task))))
                .containsExactly("cccccccccccccccccccc");
    }

    @Test
    void inactiveHostsAndPlacedOrStoppingTasksAreLeftAlone() {
        Host gone = host("dddddddddddddddddddd", "EC2", 4096, 4096).deactivate();
        Task stopping = task("1", "PROVISIONING", null, 0, 0);
        stopping.json().put("desiredStatus", "STOPPED");

        assertThat(Placement.decide(List.of(gone), List.of(task("2", "PROVISIONING", null, 0, 0))))
                .isEmpty();
        assertThat(Placement.decide(List.of(small), List.of(stopping, task("3", "PENDING", small.arn(), 0, 0))))
                .isEmpty();
    }
}
