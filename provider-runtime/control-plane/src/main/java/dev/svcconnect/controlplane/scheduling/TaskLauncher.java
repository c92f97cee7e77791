package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.CapacityProvider;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.document.TaskTags;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates tasks, PROVISIONING and unplaced, with a container per container definition: those of a
 * service's deployment (with its propagated tags, spread over its capacity providers; once the
 * deployment's tasks keep failing, a new one carries the time before which its host should not
 * start it, {@link RestartBackoff}), and the bare tasks that RunTask completes.
 */
public final class TaskLauncher {

    private static final String CAPACITY_PROVIDER = "capacityProviderName";

    private final ResourceNames names;

    public TaskLauncher(ResourceNames names) {
        this.names = requireNonNull(names, "names");
    }

    /** Creates and saves a new task of {@code deployment}. */
    public Task launch(Transaction tx, Service service, Deployment deployment) {
        TaskDefinition taskDefinition =
                TaskDefinition.find(tx, deployment.taskDefinition()).orElseThrow();
        Task task = create(service.clusterArn(), taskDefinition, deployment.launchType())
                .ownedBy(service.name(), deployment.id());
        task.json().set("tags", TaskTags.ofServiceTask(service, taskDefinition));
        JsonNode strategy = deployment.capacityProviderStrategy();
        if (!strategy.isEmpty()) {
            task.json().put(CAPACITY_PROVIDER, CapacityProvider.choose(strategy, byCapacityProvider(tx, service)));
        }
        RestartBackoff.delaySeconds(deployment.failedTasks())
                .ifPresent(delay -> task.svcConnectAttributes(
                        Map.of(Attributes.START_AFTER, Long.toString((long) names.now() + delay))));
        task.save(tx);
        return task;
    }

    /**
     * A new task of a task definition in a cluster, PROVISIONING with desired status RUNNING, not
     * placed and not saved; with a container per container definition, no overrides and no tags.
     */
    public Task create(String clusterArn, TaskDefinition taskDefinition, String launchType) {
        String cluster = Task.clusterName(clusterArn);
        // the task is in its cluster's region, whichever region's call or scheduler made it
        ResourceNames names = this.names.inRegion(Document.regionOf(clusterArn));
        String id = ResourceNames.hexId(32);
        String taskArn = names.arn("ecs", "task/" + cluster + "/" + id);
        Task task = Task.create(taskArn, clusterArn, taskDefinition.arn())
                .lastStatus(TaskStatus.PROVISIONING)
                .desiredStatus(TaskStatus.RUNNING);
        ObjectNode json = task.json();
        json.put("launchType", launchType);
        if ("FARGATE".equals(launchType)) {
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
        return task;
    }

    /** The tasks of a service that should run, by the name of their capacity provider. */
    private static Map<String, Integer> byCapacityProvider(Transaction tx, Service service) {
        Map<String, Integer> counts = new HashMap<>();
        for (Task task : Task.ofService(tx, service.arn())) {
            if (task.wantsToRun() && task.json().has(CAPACITY_PROVIDER)) {
                counts.merge(task.json().get(CAPACITY_PROVIDER).asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void copy(ObjectNode to, String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }
}
