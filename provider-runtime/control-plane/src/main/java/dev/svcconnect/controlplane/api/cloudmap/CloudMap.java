package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Cloud Map registry inside a store transaction: what the Cloud Map operations do, and what
 * ECS does to Cloud Map (creating a cluster's default namespace, a Service Connect service's
 * Cloud Map service, the instances of its running tasks).
 *
 * <p>Rows are stored in the shape the API answers ({@code Namespace}, {@code Service},
 * {@code Instance}), plus {@value #HEALTH} in an instance and {@value #INSTANCES_REVISION} in a
 * service, which answers leave out.
 */
public final class CloudMap {

    static final String HEALTH = "HealthStatus";
    static final String INSTANCES_REVISION = "InstancesRevision";
    /** The instance attribute that sets a custom-health instance's first status. */
    public static final String INIT_HEALTH_STATUS = "AWS_INIT_HEALTH_STATUS";

    private final ResourceNames names;

    public CloudMap(ResourceNames names) {
        this.names = requireNonNull(names, "names");
    }

    ResourceNames names() {
        return names;
    }

    // ---- namespaces

    /** Creates an HTTP namespace; answers the id of the CREATE_NAMESPACE operation. */
    public String createHttpNamespace(Transaction tx, String name, String description, String creatorRequestId) {
        if (namespaceByName(tx, name).isPresent()) {
            throw new ApiException("NamespaceAlreadyExists", "Namespace '" + name + "' already exists.");
        }
        String id = "ns-" + ResourceNames.base32Id(16);
        ObjectNode namespace = Json.mapper().createObjectNode();
        namespace.put("Id", id);
        namespace.put("Arn", names.arn("servicediscovery", "namespace/" + id));
        namespace.put("Name", name);
        namespace.put("Type", "HTTP");
        if (description != null) {
            namespace.put("Description", description);
        }
        namespace.putObject("Properties").putObject("HttpProperties").put("HttpName", name);
        namespace.put("CreateDate", names.now());
        if (creatorRequestId != null) {
            namespace.put("CreatorRequestId", creatorRequestId);
        }
        tx.put(Table.NAMESPACES, id, name, null, namespace);
        return operation(tx, "CREATE_NAMESPACE", Map.of("NAMESPACE", id));
    }

    /** A namespace by id or ARN. */
    public Optional<ObjectNode> namespace(Transaction tx, String idOrArn) {
        return tx.get(Table.NAMESPACES, lastPart(idOrArn));
    }

    /** A namespace by name, id or ARN. */
    public Optional<ObjectNode> namespaceByNameOrId(Transaction tx, String nameOrId) {
        if (nameOrId.startsWith("arn:") || nameOrId.startsWith("ns-")) {
            Optional<ObjectNode> byId = namespace(tx, nameOrId);
            if (byId.isPresent()) {
                return byId;
            }
        }
        return namespaceByName(tx, nameOrId);
    }

    public Optional<ObjectNode> namespaceByName(Transaction tx, String name) {
        return tx.list(Table.NAMESPACES, name).stream().findFirst();
    }

    ObjectNode requireNamespace(Transaction tx, String idOrArn) {
        return namespace(tx, idOrArn)
                .orElseThrow(() -> new ApiException("NamespaceNotFound", "Namespace '" + idOrArn + "' not found."));
    }

    /** A namespace as answered: with its current {@code ServiceCount}. */
    ObjectNode namespaceView(Transaction tx, ObjectNode namespace) {
        namespace.put(
                "ServiceCount",
                tx.list(Table.DISCOVERY_SERVICES, namespace.get("Id").asText()).size());
        return namespace;
    }

    /**
     * Sets an HTTP namespace's description (UpdateHttpNamespace); answers the id of the
     * UPDATE_NAMESPACE operation. A retry with the same {@code updaterRequestId} answers the
     * operation of the first call.
     */
    String updateHttpNamespace(Transaction tx, String idOrArn, String description, String updaterRequestId) {
        ObjectNode namespace = requireNamespace(tx, idOrArn);
        String id = namespace.get("Id").asText();
        if (updaterRequestId != null
                && updaterRequestId.equals(namespace.path("UpdaterRequestId").asText(null))) {
            return namespace.get("UpdateOperationId").asText();
        }
        namespace.put("Description", description);
        String operationId = operation(tx, "UPDATE_NAMESPACE", Map.of("NAMESPACE", id));
        if (updaterRequestId != null) {
            namespace.put("UpdaterRequestId", updaterRequestId);
            namespace.put("UpdateOperationId", operationId);
        }
        tx.put(Table.NAMESPACES, id, namespace.get("Name").asText(), null, namespace);
        return operationId;
    }

    String deleteNamespace(Transaction tx, String idOrArn) {
        ObjectNode namespace = requireNamespace(tx, idOrArn);
        String id = namespace.get("Id").asText();
        if (!tx.list(Table.DISCOVERY_SERVICES, id).isEmpty()) {
            throw new ApiException("ResourceInUse", "Namespace '" + id + "' has services; delete them first.");
        }
        tx.delete(Table.NAMESPACES, id);
        for (ObjectNode alias : tx.list(Table.ALIAS_ADDRESSES, id)) {
            tx.delete(Table.ALIAS_ADDRESSES, id + "/" + alias.get("dnsName").asText());
        }
        return operation(tx, "DELETE_NAMESPACE", Map.of("NAMESPACE", id));
    }

    // ---- services

    /**
     * Creates a service in a namespace.
     *
     * @param request the {@code CreateService} fields to keep ({@code Description},
     *     {@code DnsConfig}, {@code HealthCheckConfig}, {@code HealthCheckCustomConfig}, {@code Type})
     */
    public ObjectNode createService(
            Transaction tx, String name, String namespaceIdOrArn, ObjectNode request, String creatorRequestId) {
        ObjectNode namespace = requireNamespace(tx, namespaceIdOrArn);
        String namespaceId = namespace.get("Id").asText();
        Optional<ObjectNode> existing = serviceByName(tx, namespaceId, name);
        if (existing.isPresent()) {
            throw new ApiException(
                    "ServiceAlreadyExists",
                    "Service '" + name + "' already exists in namespace '" + namespaceId + "' with id "
                            + existing.get().get("Id").asText() + ".");
        }
        String id = "srv-" + ResourceNames.base32Id(16);
        ObjectNode service = Json.mapper().createObjectNode();
        service.put("Id", id);
        service.put("Arn", names.arn("servicediscovery", "service/" + id));
        service.put("Name", name);
        service.put("NamespaceId", namespaceId);
        for (String field :
                List.of("Description", "DnsConfig", "HealthCheckConfig", "HealthCheckCustomConfig", "Type")) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                service.set(field, value);
            }
        }
        if (!service.has("Type")) {
            service.put("Type", "HTTP");
        }
        service.put("CreateDate", names.now());
        if (creatorRequestId != null) {
            service.put("CreatorRequestId", creatorRequestId);
        }
        service.put(INSTANCES_REVISION, tx.revision());
        tx.put(Table.DISCOVERY_SERVICES, id, namespaceId, name, service);
        return service;
    }

    public Optional<ObjectNode> service(Transaction tx, String idOrArn) {
        return tx.get(Table.DISCOVERY_SERVICES, lastPart(idOrArn));
    }

    public Optional<ObjectNode> serviceByName(Transaction tx, String namespaceId, String name) {
        return tx.listByRef(Table.DISCOVERY_SERVICES, name).stream()
                .filter(s -> s.get("NamespaceId").asText().equals(namespaceId))
                .findFirst();
    }

    ObjectNode requireService(Transaction tx, String idOrArn) {
        return service(tx, idOrArn)
                .orElseThrow(() -> new ApiException("ServiceNotFound", "Service '" + idOrArn + "' not found."));
    }

    /** A service as answered: with its {@code InstanceCount} and without internal fields. */
    ObjectNode serviceView(Transaction tx, ObjectNode service) {
        service.put(
                "InstanceCount",
                tx.list(Table.INSTANCES, service.get("Id").asText()).size());
        service.remove(INSTANCES_REVISION);
        return service;
    }

    /** Deletes a service; refused while it has instances. */
    public void deleteService(Transaction tx, String idOrArn) {
        ObjectNode service = requireService(tx, idOrArn);
        String id = service.get("Id").asText();
        if (!tx.list(Table.INSTANCES, id).isEmpty()) {
            throw new ApiException(
                    "ResourceInUse", "Service '" + id + "' has registered instances; deregister them first.");
        }
        tx.delete(Table.DISCOVERY_SERVICES, id);
    }

    // ---- instances

    /** Registers (or replaces) an instance; answers the id of the REGISTER_INSTANCE operation. */
    public String registerInstance(
            Transaction tx,
            String serviceIdOrArn,
            String instanceId,
            Map<String, String> attributes,
            String creatorRequestId) {
        ObjectNode service = requireService(tx, serviceIdOrArn);
        String serviceId = service.get("Id").asText();
        ObjectNode instance = Json.mapper().createObjectNode();
        instance.put("Id", instanceId);
        if (creatorRequestId != null) {
            instance.put("CreatorRequestId", creatorRequestId);
        }
        ObjectNode attributeNode = instance.putObject("Attributes");
        attributes.forEach(attributeNode::put);
        instance.put(HEALTH, initialHealth(service, attributes));
        tx.put(Table.INSTANCES, serviceId + "/" + instanceId, serviceId, null, instance);
        touch(tx, service);
        return operation(tx, "REGISTER_INSTANCE", Map.of("SERVICE", serviceId, "INSTANCE", instanceId));
    }

    /** Deregisters an instance; answers the id of the DEREGISTER_INSTANCE operation. */
    public String deregisterInstance(Transaction tx, String serviceIdOrArn, String instanceId) {
        ObjectNode service = requireService(tx, serviceIdOrArn);
        String serviceId = service.get("Id").asText();
        requireInstance(tx, serviceId, instanceId);
        tx.delete(Table.INSTANCES, serviceId + "/" + instanceId);
        touch(tx, service);
        return operation(tx, "DEREGISTER_INSTANCE", Map.of("SERVICE", serviceId, "INSTANCE", instanceId));
    }

    /** Deregisters an instance if it is registered; does nothing otherwise. */
    public void deregisterIfPresent(Transaction tx, String serviceId, String instanceId) {
        Optional<ObjectNode> service = service(tx, serviceId);
        if (service.isPresent()
                && tx.get(Table.INSTANCES, serviceId + "/" + instanceId).isPresent()) {
            deregisterInstance(tx, serviceId, instanceId);
        }
    }

    ObjectNode requireInstance(Transaction tx, String serviceId, String instanceId) {
        return tx.get(Table.INSTANCES, serviceId + "/" + instanceId)
                .orElseThrow(() -> new ApiException(
                        "InstanceNotFound", "Instance '" + instanceId + "' not found in service '" + serviceId + "'."));
    }

    /** Sets a custom-health instance's status; refused for a service without custom health. */
    public void updateCustomHealth(Transaction tx, String serviceIdOrArn, String instanceId, String status) {
        ObjectNode service = requireService(tx, serviceIdOrArn);
        String serviceId = service.get("Id").asText();
        ObjectNode instance = requireInstance(tx, serviceId, instanceId);
        if (!service.has("HealthCheckCustomConfig")) {
            throw new ApiException(
                    "CustomHealthNotFound",
                    "Service '" + serviceId
                            + "' has no HealthCheckCustomConfig; its instances' health cannot be updated.");
        }
        if (!status.equals(instance.get(HEALTH).asText())) {
            instance.put(HEALTH, status);
            tx.put(Table.INSTANCES, serviceId + "/" + instanceId, serviceId, null, instance);
            touch(tx, service);
        }
    }

    /** The instances of a service, each with its internal health field. */
    public List<ObjectNode> instances(Transaction tx, String serviceId) {
        return tx.list(Table.INSTANCES, serviceId);
    }

    /** The health of an instance as Cloud Map answers it: UNKNOWN when no check is configured. */
    static String health(ObjectNode service, ObjectNode instance) {
        boolean checked = service.has("HealthCheckCustomConfig") || service.has("HealthCheckConfig");
        return checked ? instance.get(HEALTH).asText() : "UNKNOWN";
    }

    /** Whether discovery with the default filter (HEALTHY) answers this instance. */
    public static boolean isHealthy(ObjectNode service, ObjectNode instance) {
        return !"UNHEALTHY".equals(health(service, instance));
    }

    // ---- operations

    private String operation(Transaction tx, String type, Map<String, String> targets) {
        String id = ResourceNames.base32Id(32);
        ObjectNode operation = Json.mapper().createObjectNode();
        operation.put("Id", id);
        operation.put("Type", type);
        operation.put("Status", "SUCCESS");
        operation.put("CreateDate", names.now());
        operation.put("UpdateDate", names.now());
        ObjectNode targetNode = operation.putObject("Targets");
        new LinkedHashMap<>(targets).forEach(targetNode::put);
        tx.put(Table.OPERATIONS, id, "-", null, operation);
        return id;
    }

    private static String initialHealth(ObjectNode service, Map<String, String> attributes) {
        String initial = attributes.get(INIT_HEALTH_STATUS);
        return "UNHEALTHY".equals(initial) && service.has("HealthCheckCustomConfig") ? "UNHEALTHY" : "HEALTHY";
    }

    private static void touch(Transaction tx, ObjectNode service) {
        service.put(INSTANCES_REVISION, tx.revision());
        tx.put(
                Table.DISCOVERY_SERVICES,
                service.get("Id").asText(),
                service.get("NamespaceId").asText(),
                service.get("Name").asText(),
                service);
    }

    private static String lastPart(String idOrArn) {
        return idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
    }
}
