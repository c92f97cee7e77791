package dev.svcconnect.model.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class TaskAssignmentsTest {

    private static final String ASSIGNMENTS = "{\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:000000000000:"
            + "container-instance/east/8f0e\",\"tasks\":[{\"task\":{\"taskArn\":\"arn:aws:ecs:us-east-1:000000000000:"
            + "task/east/0f2c\",\"clusterArn\":\"arn:aws:ecs:us-east-1:000000000000:cluster/east\","
            + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:000000000000:task-definition/web:1\","
            + "\"group\":\"service:web\",\"startedBy\":\"ecs-svc/1234567890123456789\",\"desiredStatus\":\"RUNNING\","
            + "\"launchType\":\"EC2\",\"cpu\":\"256\",\"memory\":\"512\",\"startAfter\":1764230000},"
            + "\"taskDefinition\":{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\"}]},"
            + "\"serviceConnectConfiguration\":{\"enabled\":true,\"services\":[{\"portName\":\"web\"}]}},"
            + "{\"task\":{\"taskArn\":\"arn:aws:ecs:us-east-1:000000000000:task/east/1a2b\","
            + "\"desiredStatus\":\"STOPPED\"}}]}";

    private static TaskAssignments read(String json) throws Exception {
        return WireJson.read(Json.mapper().readTree(json), TaskAssignments.class);
    }

    @Test
    void theAssignmentsOfTodaysControlPlaneRoundTrip() throws Exception {
        TaskAssignments assignments = read(ASSIGNMENTS).validate();

        assertThat(assignments.tasks()).hasSize(2);
        TaskAssignment web = assignments.tasks().get(0);
        assertThat(web.task().taskId()).isEqualTo("0f2c");
        assertThat(web.task().shouldRun()).isTrue();
        assertThat(web.task().startAfter()).isEqualTo(1764230000L);
        assertThat(web.hasServiceConnect()).isTrue();
        assertThat(web.taskDefinition().path("family").asText()).isEqualTo("web");
        TaskAssignment stopping = assignments.tasks().get(1);
        assertThat(stopping.task().shouldRun()).isFalse();
        assertThat(stopping.hasServiceConnect()).isFalse();
        assertThat(stopping.taskDefinition()).isNull();
        assertThat(wire(assignments)).isEqualTo(Json.mapper().readTree(ASSIGNMENTS));
    }

    @Test
    void aStoredEcsTaskReadsAsAnAssignedTaskAndCanBeHeldBack() throws Exception {
        AssignedTask task = WireJson.read(
                Json.mapper()
                        .readTree("{\"taskArn\":\"arn:task/c/1\",\"desiredStatus\":\"RUNNING\",\"lastStatus\":"
                                + "\"PROVISIONING\",\"cpu\":\"256\",\"containers\":[],\"attributes\":[]}"),
                AssignedTask.class);

        assertThat(task.validate("").startAfter()).isNull();
        assertThat(task.startingAfter(1764230000L))
                .isEqualTo(new AssignedTask(
                        "arn:task/c/1", null, null, null, null, "RUNNING", null, "256", null, 1764230000L));
    }

    @Test
    void aFieldANewerControlPlaneAddsIsIgnored() throws Exception {
        TaskAssignments assignments = read("{\"containerInstanceArn\":\"arn\",\"drainBy\":5,\"tasks\":[{\"task\":"
                        + "{\"taskArn\":\"arn:task/c/1\",\"desiredStatus\":\"RUNNING\",\"priority\":1},\"volumes\":[]}]}")
                .validate();

        assertThat(assignments.tasks().get(0).task().taskId()).isEqualTo("1");
    }

    @Test
    void anInvalidAssignmentIsNamedByItsPath() {
        assertThatThrownBy(() -> read("{\"tasks\":[]}").validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("containerInstanceArn: is required");
        assertThatThrownBy(() -> read("{\"containerInstanceArn\":\"arn\",\"tasks\":[{\"task\":"
                                + "{\"taskArn\":\"arn:task/c/1\",\"desiredStatus\":\"RUNNING\"}},{}]}")
                        .validate())
                .hasMessage("tasks[1].task: is required");
        assertThatThrownBy(() -> read("{\"containerInstanceArn\":\"arn\",\"tasks\":[{\"task\":"
                                + "{\"taskArn\":\"arn:task/c/1\",\"desiredStatus\":\"PAUSED\"}}]}")
                        .validate())
                .hasMessage("tasks[0].task.desiredStatus: PAUSED (expected one of: RUNNING, STOPPED)");
        assertThatThrownBy(() -> read("{\"containerInstanceArn\":\"arn\",\"tasks\":[null]}")
                        .validate())
                .hasMessage("tasks[0]: null (expected: an object)");
        assertThatThrownBy(() -> read("{\"containerInstanceArn\":\"arn\",\"tasks\":[{\"task\":"
                        + "{\"taskArn\":\"arn:task/c/1\",\"startAfter\":\"soon\"}}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tasks[0].task.startAfter: ");
    }

    /** The JSON on the wire, as a receiver parses it. */
    private static JsonNode wire(Object message) throws Exception {
        return Json.mapper().readTree(Json.mapper().writeValueAsBytes(message));
    }
}
