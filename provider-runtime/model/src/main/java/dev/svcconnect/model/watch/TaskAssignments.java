package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a host runs: the value of the watch {@code GET /watch/v1/hosts/{hostId}/tasks}, its tasks
 * that have not stopped. A task that leaves the list was stopped without ever reaching the host.
 *
 * @param containerInstanceArn the host as an ECS container instance
 * @param tasks the host's tasks, each to run or to stop
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskAssignments(String containerInstanceArn, List<TaskAssignment> tasks) {

    public TaskAssignments {
        tasks = tasks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tasks));
    }

    /**
     * Checks what a host relies on.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code tasks[1].task.taskArn: is required}
     */
    public TaskAssignments validate() {
        ServiceConnectRules.requireNonEmpty(containerInstanceArn, "containerInstanceArn");
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) == null) {
                throw new IllegalArgumentException("tasks[" + i + "]: null (expected: an object)");
            }
            tasks.get(i).validate("tasks[" + i + "].");
        }
        return this;
    }
}
