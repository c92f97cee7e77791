package dev.svcconnect.controlplane.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.model.logs.TaskLogLines;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task as a service page lists it, with the last lines of its containers and proxy; the fields
 * the task does not have yet are null.
 *
 * @param host the container instance id of its host
 * @param address the first private IPv4 address of its containers' network interfaces
 * @param deployment the id of the deployment that started it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record TaskRow(
        String taskId,
        String lastStatus,
        String desiredStatus,
        String healthStatus,
        String host,
        String address,
        String startedAt,
        String deployment,
        Logs logs) {

    private static final String STARTED_AT = "startedAt";
    private static final String NETWORK_INTERFACES = "networkInterfaces";
    private static final String PRIVATE_IPV4 = "privateIpv4Address";

    /** The tails of a task's container and proxy logs. */
    record Logs(Map<String, List<String>> containers, List<String> proxy) {}

    static TaskRow of(Task task, TaskLogLines tail) {
        String host = task.hostArn();
        return new TaskRow(
                task.id(),
                Objects.toString(task.lastStatus(), ""),
                Objects.toString(task.desiredStatus(), ""),
                Objects.toString(task.healthStatus(), ""),
                host == null || host.isEmpty() ? null : host.substring(host.lastIndexOf('/') + 1),
                address(task),
                task.json().path(STARTED_AT).asText(null),
                task.startedBy().isEmpty() ? null : task.startedBy(),
                new Logs(tail.containers(), tail.proxy()));
    }

    private static String address(Task task) {
        for (ObjectNode container : task.containers()) {
            for (JsonNode nic : container.path(NETWORK_INTERFACES)) {
                String address = nic.path(PRIVATE_IPV4).asText(null);
                if (address != null) {
                    return address;
                }
            }
        }
        return null;
    }
}
