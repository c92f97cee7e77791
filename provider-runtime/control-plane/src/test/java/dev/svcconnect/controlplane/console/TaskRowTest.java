package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskRowTest {

    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/east/0123abcd";

    @Test
    void aTaskNotPlacedYetShowsNullsForWhatItDoesNotHave() {
        Task task = Task.create(TASK_ARN, "arn:aws:ecs:us-east-1:123456789012:cluster/east", "td:1");

        JsonNode row = Json.mapper().valueToTree(TaskRow.of(task, new TaskLogLines(Map.of(), List.of())));

        assertThat(row.toString())
                .isEqualTo("{\"taskId\":\"0123abcd\",\"lastStatus\":\"\",\"desiredStatus\":\"\",\"healthStatus\":\"\","
                        + "\"host\":null,\"address\":null,\"startedAt\":null,\"deployment\":null,"
                        + "\"logs\":{\"containers\":{},\"proxy\":[]}}");
    }

    @Test
    void aRunningTaskShowsItsHostItsFirstAddressItsDeploymentAndItsLogTails() throws Exception {
        Task task = Task.of((ObjectNode) Json.mapper().readTree("""
                {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "RUNNING",
                 "healthStatus": "HEALTHY", "startedBy": "ecs-svc/1",
                 "containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/east/h1",
                 "containers": [{"name": "app"},
                                {"name": "proxy", "networkInterfaces": [{"privateIpv4Address": "10.0.0.5"}]}]}
                """.formatted(TASK_ARN)));

        TaskRow row = TaskRow.of(task, new TaskLogLines(Map.of("app", List.of("started")), List.of("ready")));

        assertThat(row.lastStatus()).isEqualTo("RUNNING");
        assertThat(row.healthStatus()).isEqualTo("HEALTHY");
        assertThat(row.host()).isEqualTo("h1");
        assertThat(row.address()).isEqualTo("10.0.0.5");
        assertThat(row.deployment()).isEqualTo("ecs-svc/1");
        assertThat(row.logs()).isEqualTo(new TaskRow.Logs(Map.of("app", List.of("started")), List.of("ready")));
    }
}
