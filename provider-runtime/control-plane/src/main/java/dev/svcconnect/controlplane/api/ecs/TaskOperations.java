package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.scheduling.ServiceReconciler;
import dev.svcconnect.controlplane.scheduling.TaskStopper;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** ListTasks, DescribeTasks, StopTask and the container instance operations. */
final class TaskOperations {

    private final Store store;
    private final EcsRegistry registry;
    private final TaskStopper stopper;
    private final ServiceReconciler reconciler;
    private final HostRegistry hosts;

    TaskOperations(Store store, EcsRegistry registry, Scheduler scheduler, HostRegistry hosts) {
        this.store = store;
        this.registry = registry;
        this.stopper = scheduler.scheduling().stopper();
        this.reconciler = scheduler.scheduling().reconciler();
        this.hosts = hosts;
    }

    ObjectNode list(Params request) {
        String serviceName = request.string("serviceName");
        String desiredStatus = request.string("desiredStatus") == null ? "RUNNING" : request.string("desiredStatus");
        if (!List.of("RUNNING", "PENDING", "STOPPED").contains(desiredStatus)) {
            throw request.invalid(
                    "desiredStatus", "'" + desiredStatus + "' (expected one of: RUNNING, PENDING, STOPPED)");
        }
        Predicate<Task> filter = listFilter(request, TaskStatus.valueOf(desiredStatus));
        List<String> arns = store.read(tx -> {
            String cluster = clusterArn(tx, request);
            if (serviceName != null) {
                registry.requireService(tx, cluster, serviceName);
            }
            return Task.inCluster(tx, cluster).stream()
                    .filter(filter)
                    .map(Task::arn)
                    .toList();
        });
        return Pages.ecsArns(request, arns, "taskArns", 100);
    }

    /** The ListTasks filters: PENDING means a PENDING last status, the others a desired status. */
    private static Predicate<Task> listFilter(Params request, TaskStatus desiredStatus) {
        String serviceName = request.string("serviceName");
        String family = request.string("family");
        String containerInstance = request.string("containerInstance");
        String launchType = request.string("launchType");
        String startedBy = request.string("startedBy");
        Predicate<Task> status = desiredStatus == TaskStatus.PENDING
                ? t -> t.lastStatus() == TaskStatus.PENDING
                : t -> t.desiredStatus() == desiredStatus;
        return status.and(t -> serviceName == null || Task.groupOf(serviceName).equals(t.group()))
                .and(t -> family == null || t.taskDefinitionArn().contains("/" + family + ":"))
                .and(t -> containerInstance == null
                        || Optional.ofNullable(t.hostArn())
                                .orElse("")
                                .endsWith(containerInstance.substring(containerInstance.lastIndexOf('/') + 1)))
                .and(t -> launchType == null
                        || launchType.equals(t.json().path("launchType").asText()))
                .and(t -> startedBy == null || startedBy.equals(t.startedBy()));
    }

    ObjectNode describe(Params request) {
        List<String> references = request.strings("tasks", 1, 100);
        List<String> included = Includes.TAGS.read(request);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode tasks = response.putArray("tasks");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            String cluster = clusterArn(tx, request);
            for (String reference : references) {
                Optional<Task> task =
                        Task.find(tx, reference).filter(t -> t.clusterArn().equals(cluster));
                if (task.isEmpty()) {
                    Failures.missing(failures, reference);
                } else {
                    tasks.add(Includes.TAGS.described(task.get().json(), included));
                }
            }
            return null;
        });
        return response;
    }

    ObjectNode stop(Params request) {
        String reference = request.requiredString("task");
        String reason = request.string("reason") == null ? "Task stopped by user" : request.string("reason");
        Task task = store.write(tx -> {
            String cluster = clusterArn(tx, request);
            Task found = Task.find(tx, reference)
                    .filter(t -> t.clusterArn().equals(cluster))
                    .orElseThrow(
                            () -> new ApiException("InvalidParameterException", "The referenced task was not found."));
            stopper.stop(tx, found, reason, "UserInitiated");
            reconciler.reconcileOwner(tx, found);
            return Task.find(tx, reference).orElseThrow();
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("task", task.json());
        return response;
    }

    ObjectNode listContainerInstances(Params request) {
        String status = request.string("status");
        List<String> arns = store.read(tx -> Host.inCluster(tx, clusterArn(tx, request)).stream()
                .filter(h ->
                        status == null || status.equals(h.json().path("status").asText()))
                .map(Host::arn)
                .toList());
        return Pages.ecsArns(request, arns, "containerInstanceArns", 100);
    }

    ObjectNode deregisterContainerInstance(Params request) {
        String reference = request.requiredString("containerInstance");
        boolean force = request.bool("force", false);
        ObjectNode host = store.write(tx -> hosts.deregister(tx, clusterArn(tx, request), reference, force));
        ObjectNode response = Json.mapper().createObjectNode();
        // As ECS: the answer carries the instance's tags only where a call asks with include=TAGS.
        response.set("containerInstance", Includes.CONTAINER_INSTANCE.described(host, List.of()));
        return response;
    }

    ObjectNode describeContainerInstances(Params request) {
        List<String> references = request.strings("containerInstances", 1, 100);
        List<String> included = Includes.CONTAINER_INSTANCE.read(request);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode instances = response.putArray("containerInstances");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            String cluster = clusterArn(tx, request);
            for (String reference : references) {
                Optional<Host> host = Host.find(tx, reference).filter(h -> cluster.equals(h.clusterArn()));
                if (host.isEmpty()) {
                    Failures.missing(failures, reference);
                } else {
                    instances.add(Includes.CONTAINER_INSTANCE.described(
                            hosts.view(tx, host.get().json()), included));
                }
            }
            return null;
        });
        return response;
    }

    private String clusterArn(Transaction tx, Params request) {
        return Cluster.of(registry.requireCluster(tx, request.region(), request.string("cluster")))
                .arn();
    }
}
