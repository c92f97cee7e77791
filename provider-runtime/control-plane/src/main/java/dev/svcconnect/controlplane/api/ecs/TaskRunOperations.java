package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.CapacityProvider;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.document.TaskTags;
import dev.svcconnect.controlplane.scheduling.ClusterPlacer;
import dev.svcconnect.controlplane.scheduling.TaskLauncher;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * RunTask: one-off tasks of a task definition, placed and run like a service's tasks, with their
 * own command and environment per container ({@code overrides}), {@code startedBy}, {@code group}
 * and tags. In a cluster with a default Service Connect namespace, a task is a client of it: its
 * proxy answers the namespace's client aliases (ECS gives standalone tasks no Service Connect).
 */
final class TaskRunOperations {

    private static final Pattern STARTED_BY = Pattern.compile("[a-zA-Z0-9_/-]{1,128}");
    private static final int MAX_COUNT = 10;
    private static final int MAX_GROUP = 255;

    private final Store store;
    private final EcsRegistry registry;
    private final TaskLauncher launcher;
    private final ClusterPlacer placer;

    TaskRunOperations(Store store, EcsRegistry registry, Scheduler scheduler) {
        this.store = store;
        this.registry = registry;
        this.launcher = new TaskLauncher(registry.names());
        this.placer = scheduler.scheduling().placer();
    }

    /** What a RunTask request asks for, checked before the store is read. */
    private record Request(
            String taskDefinition,
            int count,
            String startedBy,
            String group,
            ObjectNode overrides,
            Map<String, String> tags,
            String propagateTags,
            boolean managedTags) {}

    ObjectNode run(Params params) {
        Request request = read(params);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode tasks = response.putArray("tasks");
        ArrayNode failures = response.putArray("failures");
        store.write(tx -> {
            Cluster cluster = Cluster.of(registry.requireCluster(tx, params.region(), params.string("cluster")));
            CapacityProviderStrategies.Target target = CapacityProviderStrategies.target(params, cluster);
            TaskDefinition taskDefinition =
                    requireRunnable(tx, params.region(), request.taskDefinition(), target.launchType());
            TaskOverrides.check(params, taskDefinition);
            List<Task> started = new ArrayList<>();
            Map<String, Integer> byProvider = new HashMap<>();
            for (int i = 0; i < request.count(); i++) {
                Task task = newTask(tx, request, cluster, taskDefinition, target);
                if (!target.strategy().isEmpty()) {
                    String provider = CapacityProvider.choose(target.strategy(), byProvider);
                    byProvider.merge(provider, 1, Integer::sum);
                    task.json().put("capacityProviderName", provider);
                }
                started.add(task);
            }
            List<Task> placeable = RunTaskPlacement.placeable(
                    Host.inCluster(tx, cluster.arn()),
                    Task.inCluster(tx, cluster.arn()),
                    started,
                    target.launchType(),
                    failures);
            placeable.forEach(task -> task.save(tx));
            placer.placeTasks(tx, cluster.arn());
            placeable.forEach(
                    task -> tasks.add(Task.find(tx, task.id()).orElseThrow().json()));
            return null;
        });
        return response;
    }

    private Task newTask(
            Transaction tx,
            Request request,
            Cluster cluster,
            TaskDefinition taskDefinition,
            CapacityProviderStrategies.Target target) {
        Task task = launcher.create(cluster.arn(), taskDefinition, target.launchType());
        ObjectNode json = task.json();
        json.put("group", request.group() != null ? request.group() : "family:" + taskDefinition.family());
        if (request.startedBy() != null) {
            json.put("startedBy", request.startedBy());
        }
        json.set("overrides", request.overrides());
        json.set(
                "tags",
                TaskTags.ofRunTask(
                        Tags.toJson(request.tags()),
                        request.propagateTags(),
                        request.managedTags(),
                        taskDefinition,
                        cluster.name()));
        String namespace = cluster.defaultNamespace();
        if (namespace != null && Namespace.find(tx, namespace).isPresent()) {
            task.svcConnectAttributes(Map.of(Attributes.CLIENT_NAMESPACE, namespace));
        }
        return task;
    }

    private static Request read(Params params) {
        String taskDefinition = params.requiredString("taskDefinition");
        int count = params.integer("count", 1);
        if (count < 1 || count > MAX_COUNT) {
            throw params.invalid("count", count + " (expected: 1-" + MAX_COUNT + ")");
        }
        String startedBy = params.string("startedBy");
        if (startedBy != null && !STARTED_BY.matcher(startedBy).matches()) {
            throw params.invalid(
                    "startedBy", "'" + startedBy + "' (expected: 1-128 of a-z, A-Z, 0-9, '-', '_' and '/')");
        }
        String group = params.string("group");
        if (group != null && (group.isEmpty() || group.length() > MAX_GROUP || group.startsWith("service:"))) {
            throw params.invalid(
                    "group",
                    "'" + group + "' (expected: 1-" + MAX_GROUP + " characters, not starting with service:,"
                            + " which names the tasks of a service)");
        }
        String propagateTags = params.string("propagateTags");
        if (propagateTags != null && !propagateTags.equals("TASK_DEFINITION") && !propagateTags.equals("NONE")) {
            throw params.invalid(
                    "propagateTags",
                    "'" + propagateTags + "' (expected one of: TASK_DEFINITION, NONE; SERVICE is for services)");
        }
        return new Request(
                taskDefinition,
                count,
                startedBy,
                group,
                TaskOverrides.read(params),
                Tags.read(params, "tags"),
                propagateTags,
                params.bool("enableECSManagedTags", false));
    }

    private TaskDefinition requireRunnable(Transaction tx, String region, String reference, String launchType) {
        TaskDefinition taskDefinition =
                TaskDefinition.of(registry.requireTaskDefinition(tx, region, reference, "taskDefinition"));
        if (!taskDefinition.isActive()) {
            throw new ApiException(
                    "ClientException",
                    "taskDefinition: '" + reference + "' is " + taskDefinition.status()
                            + " (expected: an ACTIVE revision)");
        }
        if (!taskDefinition.supports(launchType)) {
            throw new ApiException(
                    "InvalidParameterException", "Task definition does not support launch_type " + launchType + ".");
        }
        return taskDefinition;
    }
}
