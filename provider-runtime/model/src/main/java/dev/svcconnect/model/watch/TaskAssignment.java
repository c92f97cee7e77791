package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task a host is told to run or stop: the task, its ECS task definition and, for a task with a
 * sidecar proxy, its deployment's Service Connect configuration. The two ECS shapes stay JSON:
 * they are the ECS API's, as {@code DescribeTaskDefinition} and {@code DescribeServices} show them.
 *
 * @param task the task
 * @param taskDefinition the ECS task definition (containerDefinitions with command, environment,
 *     portMappings, healthCheck ...), or null when it is gone
 * @param serviceConnectConfiguration the deployment's ECS Service Connect configuration, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskAssignment(AssignedTask task, JsonNode taskDefinition, JsonNode serviceConnectConfiguration) {

    /** Whether the task gets a sidecar proxy. */
    public boolean hasServiceConnect() {
        return serviceConnectConfiguration != null && !serviceConnectConfiguration.isNull();
    }

    /**
     * Checks what a host relies on.
     *
     * @param prefix the path of this assignment in its message, e.g. {@code tasks[0].}
     * @throws IllegalArgumentException naming the field, e.g. {@code tasks[0].task: is required}
     */
    public TaskAssignment validate(String prefix) {
        if (task == null) {
            throw new IllegalArgumentException(prefix + "task: is required");
        }
        task.validate(prefix + "task.");
        return this;
    }
}
