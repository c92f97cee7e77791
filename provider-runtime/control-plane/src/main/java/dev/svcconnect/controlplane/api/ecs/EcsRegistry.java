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
 *
 * <p>A call finds only the resources of its region: a name means the resource of that name in the
 * region, an ARN of another region finds nothing. The data plane names its cluster by ARN, or by
 * name in the configured region ({@link #requireDataPlaneCluster}).
 */
public final class EcsRegistry {

    private final ResourceNames names;
    private final CloudMap cloudMap;

    public EcsRegistry(ResourceNames names, CloudMap cloudMap) {
        this.names = requireNonNull(names, "names");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    /** The names of the configured region. */
    public ResourceNames names() {
        return names;
    }

    /** The names of a call's region. */
    public ResourceNames names(String region) {
        return names.inRegion(region);
    }

    public CloudMap cloudMap() {
        return cloudMap;
    }

    /** The name in a cluster name or ARN ({@code arn:...:cluster/NAME}); "default" when null. */
    public static String clusterName(String nameOrArn) {
        return Document.clusterName(nameOrArn);
    }

    /** The ARN of a cluster of {@code region} by name or ARN ("default" when null or empty). */
    public String clusterArn(String region, String nameOrArn) {
        if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        return names(region).arn("ecs", "cluster/" + clusterName(nameOrArn));
    }

    /** The ARN of a service of the cluster with ARN {@code clusterArn}: same region and account. */
    public static String serviceArn(String clusterArn, String service) {
        return clusterArn.replace(":cluster/", ":service/") + "/" + service;
    }

    /** An ACTIVE cluster of {@code region} by name or ARN. */
    public Optional<ObjectNode> cluster(Transaction tx, String region, String nameOrArn) {
        String arn = clusterArn(region, nameOrArn);
        return Cluster.find(tx, arn)
                .filter(c -> c.isActive() && region.equals(Document.regionOf(arn)))
                .map(Cluster::json);
    }

    /** An ACTIVE cluster of {@code region} by name or ARN, or ClusterNotFoundException. */
    public ObjectNode requireCluster(Transaction tx, String region, String nameOrArn) {
        return cluster(tx, region, nameOrArn)
                .orElseThrow(() -> new ApiException(
                        "ClusterNotFoundException", "Cluster not found: " + clusterName(nameOrArn) + "."));
    }

    /**
     * An ACTIVE cluster as the data plane names it (an agent's {@code --cluster}, a join token): by
     * ARN, in its region, or by name in the configured region.
     */
    public ObjectNode requireDataPlaneCluster(Transaction tx, String nameOrArn) {
        String region = Document.regionOf(nameOrArn);
        return requireCluster(tx, region == null ? names.region() : region, nameOrArn);
    }

    /** A service of the cluster with ARN {@code clusterArn} by name or ARN, in any status. */
    public Optional<ObjectNode> service(Transaction tx, String clusterArn, String nameOrArn) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        return Service.find(tx, serviceArn(clusterArn, name)).map(Service::json);
    }

    /** A service that is not INACTIVE, or ServiceNotFoundException. */
    public ObjectNode requireService(Transaction tx, String clusterArn, String nameOrArn) {
        return service(tx, clusterArn, nameOrArn)
                .filter(s -> Service.of(s).isLive())
                .orElseThrow(
                        () -> new ApiException("ServiceNotFoundException", "Service not found: " + nameOrArn + "."));
    }

    /**
     * The ARN of a task definition of {@code region} by {@code family}, {@code family:revision} or
     * ARN; for a family alone, the family's ARN.
     */
    public String taskDefinitionArn(String region, String reference) {
        if (reference.startsWith("arn:")) {
            return reference;
        }
        return names(region).arn("ecs", "task-definition/" + reference);
    }

    /**
     * A task definition of {@code region} by {@code family}, {@code family:revision} or ARN. A
     * family alone means its latest ACTIVE revision.
     */
    public Optional<ObjectNode> taskDefinition(Transaction tx, String region, String reference) {
        String arn = taskDefinitionArn(region, reference);
        if (!region.equals(Document.regionOf(arn))) {
            return Optional.empty();
        }
        return TaskDefinition.find(tx, arn).map(TaskDefinition::json);
    }

    public ObjectNode requireTaskDefinition(Transaction tx, String region, String reference, String field) {
        return taskDefinition(tx, region, reference)
                .orElseThrow(() -> new ApiException(
                        "ClientException", field + ": Unable to describe task definition '" + reference + "'."));
    }

    /** The task id in a task ARN ({@code arn:...:task/CLUSTER/ID}) or id. */
    public static String taskId(String idOrArn) {
        return idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
    }

    /** A task of {@code region} by id or ARN. */
    public Optional<ObjectNode> task(Transaction tx, String region, String idOrArn) {
        return Task.find(tx, idOrArn)
                .filter(t -> region.equals(Document.regionOf(t.arn())))
                .map(Task::json);
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
