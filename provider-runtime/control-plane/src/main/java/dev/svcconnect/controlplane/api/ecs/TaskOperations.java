package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import java.util.List;

/** ListTasks, DescribeTasks, StopTask and the container instance operations. */
final class TaskOperations {

    private final Store store;
    private final EcsRegistry registry;
    private final Scheduler scheduler;
    private final HostRegistry hosts;

    TaskOperations(Store store, EcsRegistry registry, Scheduler scheduler, HostRegistry hosts) {
        this.store = store;
        this.registry = registry;
        this.scheduler = scheduler;
        this.hosts = hosts;
    }

    ObjectNode list(Params request) {
        String serviceName = request.string("serviceName");
        String family = request.string("family");
        String containerInstance = request.string("containerInstance");
        String launchType = request.string("launchType");
        String startedBy = request.string("startedBy");
        String desiredStatus = request.string("desiredStatus") == null ? "RUNNING" : request.string("desiredStatus");
        if (!List.of("RUNNING", "PENDING", "STOPPED").contains(desiredStatus)) {
            throw request.invalid(
                    "desiredStatus", "'" + desiredStatus + "' (expected one of: RUNNING, PENDING, STOPPED)");
        }
        List<String> arns = store.read(tx -> {
            String cluster = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            if (serviceName != null) {
                registry.requireService(tx, cluster, serviceName);
            }
            return tx.list(Table.TASKS, cluster).stream()
                    .filter(t -> desiredStatus.equals("PENDING")
                            ? "PENDING".equals(t.path("lastStatus").asText())
                            : desiredStatus.equals(t.path("desiredStatus").asText()))
                    .filter(t -> serviceName == null
                            || ("service:" + serviceName.substring(serviceName.lastIndexOf('/') + 1))
                                    .equals(t.path("group").asText()))
                    .filter(t -> family == null
                            || t.path("taskDefinitionArn").asText().contains("/" + family + ":"))
                    .filter(t -> containerInstance == null
                            || t.path("containerInstanceArn")
                                    .asText()
                                    .endsWith(containerInstance.substring(containerInstance.lastIndexOf('/') + 1)))
                    .filter(t -> launchType == null
                            || launchType.equals(t.path("launchType").asText()))
                    .filter(t -> startedBy == null
                            || startedBy.equals(t.path("startedBy").asText()))
                    .map(t -> t.get("taskArn").asText())
                    .toList();
        });
        return Pages.ecsArns(request, arns, "taskArns", 100);
    }

    ObjectNode describe(Params request) {
        List<String> references = request.strings("tasks", 1, 100);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode tasks = response.putArray("tasks");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            String cluster = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            for (String reference : references) {
                ObjectNode task = registry.task(tx, reference)
                        .filter(t -> EcsRegistry.clusterName(t.get("clusterArn").asText())
                                .equals(cluster))
                        .orElse(null);
                if (task == null) {
                    failures.addObject().put("arn", reference).put("reason", "MISSING");
                } else {
                    tasks.add(task);
                }
            }
            return null;
        });
        return response;
    }

    ObjectNode stop(Params request) {
        String reference = request.requiredString("task");
        String reason = request.string("reason") == null ? "Task stopped by user" : request.string("reason");
        ObjectNode task = store.write(tx -> {
            String cluster = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            ObjectNode found = registry.task(tx, reference)
                    .filter(t -> EcsRegistry.clusterName(t.get("clusterArn").asText())
                            .equals(cluster))
                    .orElseThrow(
                            () -> new ApiException("InvalidParameterException", "The referenced task was not found."));
            scheduler.stopTask(tx, found, reason, "UserInitiated");
            scheduler.reconcileOwner(tx, found);
            return registry.task(tx, reference).orElseThrow();
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("task", task);
        return response;
    }

    ObjectNode listContainerInstances(Params request) {
        String status = request.string("status");
        List<String> arns = store.read(tx -> {
            String cluster = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            return tx.list(Table.CONTAINER_INSTANCES, cluster).stream()
                    .filter(h ->
                            status == null || status.equals(h.path("status").asText()))
                    .map(h -> h.get("containerInstanceArn").asText())
                    .toList();
        });
        return Pages.ecsArns(request, arns, "containerInstanceArns", 100);
    }

    ObjectNode deregisterContainerInstance(Params request) {
        String reference = request.requiredString("containerInstance");
        boolean force = request.bool("force", false);
        ObjectNode host = store.write(tx -> hosts.deregister(tx, request.string("cluster"), reference, force));
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("containerInstance", host);
        return response;
    }

    ObjectNode describeContainerInstances(Params request) {
        List<String> references = request.strings("containerInstances", 1, 100);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode instances = response.putArray("containerInstances");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            String cluster = registry.requireCluster(tx, request.string("cluster"))
                    .get("clusterName")
                    .asText();
            for (String reference : references) {
                ObjectNode host = tx.get(Table.CONTAINER_INSTANCES, reference.substring(reference.lastIndexOf('/') + 1))
                        .filter(h -> cluster.equals(
                                EcsRegistry.clusterName(h.path("clusterArn").asText(null))))
                        .orElse(null);
                if (host == null) {
                    failures.addObject().put("arn", reference).put("reason", "MISSING");
                } else {
                    instances.add(hosts.view(tx, host));
                }
            }
            return null;
        });
        return response;
    }
}
