package dev.svcconnect.controlplane.api.ssm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.watch.TaskSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the {@code secrets} of a task's container definitions ({@code [{name, valueFrom}]},
 * {@code valueFrom} an SSM parameter's name or ARN) to their values, for the agent that starts the
 * task ({@code GET /watch/v1/tasks/{taskId}/secrets}).
 *
 * <p>As ECS, the task definition takes any {@code valueFrom}; what cannot be resolved fails the
 * task at its start with a {@code ResourceInitializationError} naming it: a parameter that does
 * not exist, or a Secrets Manager secret (this control plane serves no Secrets Manager).
 */
public final class ContainerSecrets {

    /** The error type the agent puts in front of the message in the task's stopped reason. */
    public static final String INITIALIZATION_ERROR = "ResourceInitializationError";

    private static final String PREFIX =
            "unable to pull secrets or registry auth: execution resource retrieval failed: ";

    private final Store store;
    private final ParameterStore parameters;

    public ContainerSecrets(Store store, ParameterStore parameters) {
        this.store = requireNonNull(store, "store");
        this.parameters = requireNonNull(parameters, "parameters");
    }

    /**
     * The secrets of a task that has not stopped, by container.
     *
     * @throws ApiException {@code TaskNotFoundException} (404), or {@value #INITIALIZATION_ERROR}
     *     naming the parameters that do not exist and the secrets that cannot be served
     */
    public TaskSecrets forTask(String taskId) {
        return store.read(tx -> {
            Task task = Task.find(tx, taskId)
                    .filter(t -> !t.isStopped())
                    .orElseThrow(
                            () -> new ApiException("TaskNotFoundException", 404, "Task '" + taskId + "' not found."));
            Optional<TaskDefinition> definition = TaskDefinition.find(tx, task.taskDefinitionArn());
            if (definition.isEmpty()) {
                return TaskSecrets.none();
            }
            return resolve(tx, definition.get().runWith(task.overrides()));
        });
    }

    private TaskSecrets resolve(Transaction tx, ObjectNode definition) {
        Map<String, Map<String, String>> containers = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> unserved = new ArrayList<>();
        for (JsonNode container : definition.path("containerDefinitions")) {
            Map<String, String> variables = new LinkedHashMap<>();
            for (JsonNode secret : container.path("secrets")) {
                String valueFrom = secret.path("valueFrom").asText();
                if (valueFrom.startsWith("arn:aws:secretsmanager:")) {
                    unserved.add(valueFrom);
                    continue;
                }
                parameters
                        .find(tx, valueFrom)
                        .ifPresentOrElse(
                                parameter -> variables.put(secret.path("name").asText(), parameters.reveal(parameter)),
                                () -> missing.add(valueFrom));
            }
            if (!variables.isEmpty()) {
                containers.put(container.path("name").asText(), variables);
            }
        }
        if (!unserved.isEmpty()) {
            throw new ApiException(
                    INITIALIZATION_ERROR,
                    PREFIX + "unable to retrieve secret from asm: this control plane serves no Secrets Manager "
                            + "(use an SSM parameter): " + String.join(", ", unserved));
        }
        if (!missing.isEmpty()) {
            throw new ApiException(
                    INITIALIZATION_ERROR,
                    PREFIX + "unable to retrieve secrets from ssm: invalid parameters: " + String.join(", ", missing));
        }
        return new TaskSecrets(containers);
    }
}
