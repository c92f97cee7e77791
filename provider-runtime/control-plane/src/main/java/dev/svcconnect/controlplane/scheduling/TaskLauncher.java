package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.Map;

/**
 * Creates the tasks of a service's deployment, PROVISIONING and unplaced, with a container per
 * container definition; once the deployment's tasks keep failing, a new one carries the time
 * before which its host should not start it ({@link RestartBackoff}).
 */
public final class TaskLauncher {

    private final ResourceNames names;

    public TaskLauncher(ResourceNames names) {
        this.names = requireNonNull(names, "names");
    }

    /** Creates and saves a new task of {@code deployment}. */
    public Task launch(Transaction tx, Service service, Deployment deployment) {
        String cluster = service.cluster();
        String id = ResourceNames.hexId(32);
        String taskArn = names.arn("ecs", "task/" + cluster + "/" + id);
        TaskDefinition taskDefinition =
                TaskDefinition.find(tx, deployment.taskDefinition()).orElseThrow();
        Task task = Task.create(taskArn, service.clusterArn(), deployment.taskDefinition())
                .ownedBy(service.name(), deployment.id())
                .lastStatus(TaskStatus.PROVISIONING)
                .desiredStatus(TaskStatus.RUNNING);
        ObjectNode json = task.json();
        json.put("launchType", deployment.launchType());
        if ("FARGATE".equals(deployment.launchType())) {
            json.put("platformVersion", "1.4.0");
            json.put("platformFamily", "Linux");
        }
        copy(json, "cpu", taskDefinition.cpu());
        copy(json, "memory", taskDefinition.memory());
        json.put("availabilityZone", names.region() + "a");
        json.put("createdAt", names.now());
        task.healthStatus("UNKNOWN");
        json.put("version", 1);
        ArrayNode containers = json.putArray("containers");
        for (ObjectNode definition : taskDefinition.containerDefinitions()) {
            ObjectNode container = containers.addObject();
            container.put(
                    "containerArn",
                    names.arn("ecs", "container/" + cluster + "/" + id + "/" + ResourceNames.hexId(32)));
            container.put("taskArn", taskArn);
            container.put("name", definition.path("name").asText());
            copy(container, "image", definition.get("image"));
            container.put("lastStatus", "PENDING");
            container.putArray("networkBindings");
            container.putArray("networkInterfaces");
            container.put("healthStatus", "UNKNOWN");
        }
        ObjectNode overrides = json.putObject("overrides");
        overrides.putArray("containerOverrides");
        overrides.putArray("inferenceAcceleratorOverrides");
        json.putArray("attachments");
        json.putArray("tags");
        RestartBackoff.delaySeconds(deployment.failedTasks())
                .ifPresent(delay -> task.svcConnectAttributes(
                        Map.of(Attributes.START_AFTER, Long.toString((long) names.now() + delay))));
        task.save(tx);
        return task;
    }

    private static void copy(ObjectNode to, String field, com.fasterxml.jackson.databind.JsonNode value) {
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }
}
