package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.List;

/**
 * The task of a {@link TaskAssignment}: the fields of the ECS task a host needs.
 *
 * @param taskArn the task's ARN; its last part is the task id; required
 * @param clusterArn the task's cluster
 * @param taskDefinitionArn the task definition it runs
 * @param group {@code service:NAME} for a service's task
 * @param startedBy the deployment id for a service's task
 * @param desiredStatus {@code RUNNING} (start it) or {@code STOPPED} (drain, stop, report STOPPED); required
 * @param launchType {@code EC2} or {@code FARGATE}
 * @param cpu the task's CPU units, as ECS writes them (a string)
 * @param memory the task's memory in MiB, as ECS writes it (a string)
 * @param startAfter epoch seconds before which the host does not start it, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AssignedTask(
        String taskArn,
        String clusterArn,
        String taskDefinitionArn,
        String group,
        String startedBy,
        String desiredStatus,
        String launchType,
        String cpu,
        String memory,
        Long startAfter) {

    /** The desired states of an assigned task. */
    public static final List<String> DESIRED_STATES = List.of("RUNNING", "STOPPED");

    /** The task id: the last part of the ARN. */
    public String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** The same task, not to be started before {@code epochSeconds}. */
    public AssignedTask startingAfter(long epochSeconds) {
        return new AssignedTask(
                taskArn,
                clusterArn,
                taskDefinitionArn,
                group,
                startedBy,
                desiredStatus,
                launchType,
                cpu,
                memory,
                epochSeconds);
    }

    /** Whether the host should run it (else stop it). */
    public boolean shouldRun() {
        return "RUNNING".equals(desiredStatus);
    }

    /**
     * Checks what a host relies on.
     *
     * @param prefix the path of this task in its message, e.g. {@code tasks[0].task.}
     * @throws IllegalArgumentException naming the field, e.g. {@code tasks[0].task.desiredStatus: PAUSED (expected one of: RUNNING, STOPPED)}
     */
    public AssignedTask validate(String prefix) {
        ServiceConnectRules.requireNonEmpty(taskArn, prefix + "taskArn");
        if (!DESIRED_STATES.contains(desiredStatus)) {
            throw new IllegalArgumentException(prefix + "desiredStatus: " + desiredStatus + " (expected one of: "
                    + String.join(", ", DESIRED_STATES) + ")");
        }
        if (startAfter != null && startAfter < 0) {
            throw new IllegalArgumentException(prefix + "startAfter: " + startAfter + " (expected: epoch seconds)");
        }
        return this;
    }
}
