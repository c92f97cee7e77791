package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.PortMapping;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Lookups of ECS resources inside a store transaction, by name or ARN as the ECS API accepts
 * them, with ECS's not-found errors, over the {@link dev.svcconnect.controlplane.document}
 * views. Shared by the operations and the watch API.
 */
public final class EcsRegistry {

    private final ResourceNames names;
    private final CloudMap cloudMap;

    public EcsRegistry(ResourceNames names, CloudMap cloudMap) {
        this.names = requireNonNull(names, "names");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    public ResourceNames names() {
        return names;
    }

    public CloudMap cloudMap() {
        return cloudMap;
    }

    /** The name in a cluster name or ARN ({@code arn:...:cluster/NAME}); "default" when null. */
    public static String clusterName(String nameOrArn) {
        return Document.clusterName(nameOrArn);
    }

    public String clusterArn(String name) {
        return names.arn("ecs", "cluster/" + name);
    }

    public String serviceArn(String cluster, String service) {
        return names.arn("ecs", "service/" + cluster + "/" + service);
    }

    public Optional<ObjectNode> cluster(Transaction tx, String nameOrArn) {
        return Cluster.find(tx, nameOrArn).filter(Cluster::isActive).map(Cluster::json);
    }

    /** An ACTIVE cluster, or ClusterNotFoundException. */
    public ObjectNode requireCluster(Transaction tx, String nameOrArn) {
        return cluster(tx, nameOrArn)
                .orElseThrow(() -> new ApiException(
                        "ClusterNotFoundException", "Cluster not found: " + clusterName(nameOrArn) + "."));
    }

    /** A service of a cluster by name or ARN, in any status. */
    public Optional<ObjectNode> service(Transaction tx, String cluster, String nameOrArn) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        return Service.find(tx, serviceArn(cluster, name)).map(Service::json);
    }

    /** A service that is not INACTIVE, or ServiceNotFoundException. */
    public ObjectNode requireService(Transaction tx, String cluster, String nameOrArn) {
        return service(tx, cluster, nameOrArn)
                .filter(s -> Service.of(s).isLive())
                .orElseThrow(
                        () -> new ApiException("ServiceNotFoundException", "Service not found: " + nameOrArn + "."));
    }

    /**
     * A task definition by {@code family}, {@code family:revision} or ARN. A family alone means
     * its latest ACTIVE revision.
     */
    public Optional<ObjectNode> taskDefinition(Transaction tx, String reference) {
        return TaskDefinition.find(tx, reference).map(TaskDefinition::json);
    }

    public ObjectNode requireTaskDefinition(Transaction tx, String reference, String field) {
        return taskDefinition(tx, reference)
                .orElseThrow(() -> new ApiException(
                        "ClientException", field + ": Unable to describe task definition '" + reference + "'."));
    }

    /** The task id in a task ARN ({@code arn:...:task/CLUSTER/ID}) or id. */
    public static String taskId(String idOrArn) {
        return idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
    }

    public Optional<ObjectNode> task(Transaction tx, String idOrArn) {
        return Task.find(tx, idOrArn).map(Task::json);
    }

    /** The port mapping of a task definition with {@code name}, if any. */
    public static Optional<JsonNode> portMapping(ObjectNode taskDefinition, String name) {
        return TaskDefinition.of(taskDefinition).portMapping(name).map(PortMapping::json);
    }

    /** The deployment of a service with an id. */
    public static Optional<JsonNode> deployment(ObjectNode service, String deploymentId) {
        return Service.of(service).deployment(deploymentId).map(Deployment::json);
    }

    /** The services of every cluster, ACTIVE or DRAINING. */
    public static List<ObjectNode> liveServices(Transaction tx) {
        return Service.live(tx).stream().map(Service::json).toList();
    }
}
