package dev.svcconnect.controlplane.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Cloud Map instance as stored (row of {@link Table#INSTANCES}: id {@code serviceId/instanceId},
 * scope its service's id), in the shape {@code GetInstance} answers, plus its health
 * ({@code HealthStatus}), which that answer leaves out. The instance of a Service Connect task has
 * the task's id and {@code AWS_INSTANCE_IPV4}, {@code AWS_INSTANCE_PORT}, {@code ECS_CLUSTER_NAME}
 * and {@code ECS_SERVICE_NAME} among its attributes.
 */
public final class Instance extends Document {

    /** The attribute that sets a custom-health instance's first health. */
    public static final String INIT_HEALTH_STATUS = "AWS_INIT_HEALTH_STATUS";
    /** The attribute holding the instance's IPv4 address. */
    public static final String IPV4 = "AWS_INSTANCE_IPV4";
    /** The attribute holding the instance's port. */
    public static final String PORT = "AWS_INSTANCE_PORT";
    /** The attribute naming the cluster of the ECS task that registered the instance. */
    public static final String ECS_CLUSTER_NAME = "ECS_CLUSTER_NAME";
    /** The attribute naming the ECS service of the task that registered the instance. */
    public static final String ECS_SERVICE_NAME = "ECS_SERVICE_NAME";

    private static final String ID = "Id";
    private static final String CREATOR_REQUEST_ID = "CreatorRequestId";
    private static final String ATTRIBUTES = "Attributes";
    private static final String HEALTH = "HealthStatus";

    private final String serviceId;

    private Instance(String serviceId, ObjectNode json) {
        super(json);
        this.serviceId = requireNonNull(serviceId, "serviceId");
    }

    /** A view over a stored instance of the Cloud Map service with id {@code serviceId}. */
    public static Instance of(String serviceId, ObjectNode json) {
        return new Instance(serviceId, json);
    }

    /**
     * A new instance of a service.
     *
     * @param creatorRequestId the request id of its creator, or null
     */
    public static Instance create(
            String serviceId,
            String id,
            Map<String, String> attributes,
            InstanceHealth health,
            String creatorRequestId) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(ID, id);
        if (creatorRequestId != null) {
            json.put(CREATOR_REQUEST_ID, creatorRequestId);
        }
        ObjectNode attributeNode = json.putObject(ATTRIBUTES);
        attributes.forEach(attributeNode::put);
        json.put(HEALTH, health.name());
        return new Instance(serviceId, json);
    }

    /** The instance with this id of the service with id {@code serviceId}. */
    public static Optional<Instance> find(Transaction tx, String serviceId, String instanceId) {
        return tx.get(Table.INSTANCES, key(serviceId, instanceId)).map(json -> new Instance(serviceId, json));
    }

    /** The instances of the service with id {@code serviceId}, by id. */
    public static List<Instance> ofService(Transaction tx, String serviceId) {
        return tx.list(Table.INSTANCES, serviceId).stream()
                .map(json -> new Instance(serviceId, json))
                .toList();
    }

    private static String key(String serviceId, String instanceId) {
        return serviceId + "/" + instanceId;
    }

    public String id() {
        return text(ID);
    }

    /** The id of its Cloud Map service. */
    public String serviceId() {
        return serviceId;
    }

    /** Its attributes, in order. */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        json().path(ATTRIBUTES)
                .properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return attributes;
    }

    /** The value of an attribute, or null. */
    public String attribute(String name) {
        JsonNode value = json().path(ATTRIBUTES).get(name);
        return value == null ? null : value.asText();
    }

    /** Whether it has every one of {@code wanted}'s attributes with the same value. */
    public boolean hasAttributes(Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(attribute(e.getKey())));
    }

    /** {@code AWS_INSTANCE_IPV4:AWS_INSTANCE_PORT}, when it has both. */
    public Optional<String> endpoint() {
        String ip = attribute(IPV4);
        String port = attribute(PORT);
        return ip == null || port == null ? Optional.empty() : Optional.of(ip + ":" + port);
    }

    /** Whether a task of ECS service {@code serviceName} of cluster {@code cluster} registered it. */
    public boolean registeredBy(String cluster, String serviceName) {
        return cluster.equals(attribute(ECS_CLUSTER_NAME)) && serviceName.equals(attribute(ECS_SERVICE_NAME));
    }

    /** Its health as set, HEALTHY or UNHEALTHY; see {@link DiscoveryService#health}. */
    public InstanceHealth health() {
        return InstanceHealth.valueOf(text(HEALTH));
    }

    public Instance health(InstanceHealth health) {
        json().put(HEALTH, health.name());
        return this;
    }

    /** The instance as {@code GetInstance} answers it: without its health. */
    public ObjectNode answer() {
        ObjectNode answer = json().deepCopy();
        answer.remove(HEALTH);
        return answer;
    }

    /** Writes the instance with its store keys: {@code serviceId/instanceId} and its service's id. */
    public void save(Transaction tx) {
        tx.put(Table.INSTANCES, key(serviceId, id()), serviceId, null, json());
    }

    public void delete(Transaction tx) {
        tx.delete(Table.INSTANCES, key(serviceId, id()));
    }
}
