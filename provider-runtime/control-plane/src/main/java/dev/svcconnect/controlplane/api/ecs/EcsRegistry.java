package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lookups of ECS resources inside a store transaction, by name or ARN as the ECS API accepts
 * them, with ECS's not-found errors. Shared by the operations, the scheduler and the watch API.
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
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return "default";
        }
        return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
    }

    public String clusterArn(String name) {
        return names.arn("ecs", "cluster/" + name);
    }

    public String serviceArn(String cluster, String service) {
        return names.arn("ecs", "service/" + cluster + "/" + service);
    }

    public Optional<ObjectNode> cluster(Transaction tx, String nameOrArn) {
        return tx.get(Table.CLUSTERS, clusterName(nameOrArn))
                .filter(c -> "ACTIVE".equals(c.path("status").asText()));
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
        return tx.get(Table.SERVICES, serviceArn(cluster, name));
    }

    /** A service that is not INACTIVE, or ServiceNotFoundException. */
    public ObjectNode requireService(Transaction tx, String cluster, String nameOrArn) {
        return service(tx, cluster, nameOrArn)
                .filter(s -> !"INACTIVE".equals(s.path("status").asText()))
                .orElseThrow(
                        () -> new ApiException("ServiceNotFoundException", "Service not found: " + nameOrArn + "."));
    }

    /**
     * A task definition by {@code family}, {@code family:revision} or ARN. A family alone means
     * its latest ACTIVE revision.
     */
    public Optional<ObjectNode> taskDefinition(Transaction tx, String reference) {
        String familyRevision = reference.substring(reference.lastIndexOf('/') + 1);
        if (familyRevision.contains(":")) {
            return tx.get(Table.TASK_DEFINITIONS, familyRevision);
        }
        return tx.list(Table.TASK_DEFINITIONS, familyRevision).stream()
                .filter(t -> "ACTIVE".equals(t.path("status").asText()))
                .max(Comparator.comparingInt(t -> t.path("revision").asInt()));
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
        return tx.get(Table.TASKS, taskId(idOrArn));
    }

    /** The port mapping of a task definition with {@code name}, if any. */
    public static Optional<JsonNode> portMapping(ObjectNode taskDefinition, String name) {
        for (JsonNode container : taskDefinition.path("containerDefinitions")) {
            for (JsonNode mapping : container.path("portMappings")) {
                if (name.equals(mapping.path("name").asText(null))) {
                    return Optional.of(mapping);
                }
            }
        }
        return Optional.empty();
    }

    /** The deployment of a service with an id. */
    public static Optional<JsonNode> deployment(ObjectNode service, String deploymentId) {
        for (JsonNode deployment : service.path("deployments")) {
            if (deployment.path("id").asText().equals(deploymentId)) {
                return Optional.of(deployment);
            }
        }
        return Optional.empty();
    }

    /** The services of every cluster, ACTIVE or DRAINING. */
    public static List<ObjectNode> liveServices(Transaction tx) {
        return tx.listAll(Table.SERVICES).stream()
                .filter(s -> !"INACTIVE".equals(s.path("status").asText()))
                .toList();
    }
}
