package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostLoadTest {

    private static Task task(String host, String status, int cpu, int memory) throws Exception {
        ObjectNode json = (ObjectNode) Json.mapper().readTree("""
                {"lastStatus": "%s", "cpu": "%d", "memory": "%d"}
                """.formatted(status, cpu, memory));
        Task task = Task.of(json);
        return host == null ? task : task.place(host);
    }

    @Test
    void eachHostCountsItsRunningAndPendingTasksAndWhatTheyUse() throws Exception {
        List<Task> tasks = List.of(
                task("host-a", "RUNNING", 256, 512),
                task("host-a", "PENDING", 128, 128),
                task("host-a", "DEACTIVATING", 64, 64),
                task("host-b", "STOPPED", 1024, 1024),
                task(null, "PROVISIONING", 1024, 1024));

        Map<String, HostLoad> loads = HostLoad.byHost(tasks);

        assertThat(loads).containsOnlyKeys("host-a");
        assertThat(loads.get("host-a")).isEqualTo(new HostLoad(1, 2, new Resources(448, 704)));
        assertThat(loads.get("host-a").tasks()).isEqualTo(3);
    }

    @Test
    void aTaskFitsWhileItsResourcesStayWithinWhatTheHostRegistered() throws Exception {
        Host host = Host.register(
                "arn:aws:ecs:us-east-1:000000000000:container-instance/web/0123456789abcdef0123",
                "arn:aws:ecs:us-east-1:000000000000:cluster/web",
                "EC2",
                new Resources(1024, 1024),
                null,
                0,
                Optional.empty());
        HostLoad load = HostLoad.EMPTY.with(task(host.arn(), "RUNNING", 768, 512));

        assertThat(load.fits(host, task(null, "PROVISIONING", 256, 512))).isTrue();
        assertThat(load.fits(host, task(null, "PROVISIONING", 257, 1))).isFalse();
        assertThat(load.fits(host, task(null, "PROVISIONING", 1, 513))).isFalse();
    }
}
