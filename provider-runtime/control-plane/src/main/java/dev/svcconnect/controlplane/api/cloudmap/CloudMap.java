package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.CloudMapOperation;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.InstanceHealth;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Cloud Map registry inside a store transaction: what the Cloud Map operations do, and what
 * ECS does to Cloud Map (creating a cluster's default namespace, a Service Connect service's
 * Cloud Map service, the instances of its running tasks).
 *
 * <p>Rows are read and changed through their typed views ({@link Namespace}, {@link
 * DiscoveryService}, {@link Instance}, {@link CloudMapOperation}). The methods answering JSON are
 * for the ECS side, which reads them as such.
 *
 * <p>Resources live in a region (their ARN names it): the operations that take a {@code region}
 * find, create and change only that region's, as Cloud Map does; a name may be taken once in each.
 */
public final class CloudMap {

    /** The instance attribute that sets a custom-health instance's first status. */
    public static final String INIT_HEALTH_STATUS = Instance.INIT_HEALTH_STATUS;

    private final ResourceNames names;

    public CloudMap(ResourceNames names) {
        this.names = requireNonNull(names, "names");
    }

    /** The configured region: that of resources stored before each call had its own region. */
    public String defaultRegion() {
        return names.region();
    }

    // ---- namespaces

    /** Creates an HTTP namespace in a region; answers the id of the CREATE_NAMESPACE operation. */
    public String createHttpNamespace(
            Transaction tx, String region, String name, String description, String creatorRequestId) {
        if (Namespace.named(tx, region, name).isPresent()) {
            throw new ApiException("NamespaceAlreadyExists", "Namespace '" + name + "' already exists.");
        }
        String id = "ns-" + ResourceNames.base32Id(16);
        String arn = names.inRegion(region).arn("servicediscovery", "namespace/" + id);
        Namespace.createHttp(id, arn, name, description, names.now(), creatorRequestId)
                .save(tx);
        return operation(tx, region, CloudMapOperation.Type.CREATE_NAMESPACE, id, Map.of("NAMESPACE", id));
    }

    /** A namespace of a region by name, id or ARN, as JSON. */
    public Optional<ObjectNode> namespaceByNameOrId(Transaction tx, String region, String nameOrId) {
        return Namespace.findByNameOrId(tx, region, nameOrId).map(Document::json);
    }

    /** A namespace of a region by name, as JSON. */
    public Optional<ObjectNode> namespaceByName(Transaction tx, String region, String name) {
        return Namespace.named(tx, region, name).map(Document::json);
    }

    /** A namespace of a region by id or ARN, or NamespaceNotFound. */
    Namespace requireNamespace(Transaction tx, String region, String idOrArn) {
        return Namespace.find(tx, idOrArn)
                .filter(namespace -> namespace.isIn(region))
                .orElseThrow(() -> new ApiException("NamespaceNotFound", "Namespace '" + idOrArn + "' not found."));
    }

    /**
     * Sets an HTTP namespace's description (UpdateHttpNamespace); answers the id of the
     * UPDATE_NAMESPACE operation. A retry with the same {@code updaterRequestId} answers the
     * operation of the first call.
     */
    String updateHttpNamespace(
            Transaction tx, String region, String idOrArn, String description, String updaterRequestId) {
        Namespace namespace = requireNamespace(tx, region, idOrArn);
        Optional<String> retried = namespace.updateOperation(updaterRequestId);
        if (retried.isPresent()) {
            return retried.get();
        }
        namespace.description(description);
        String operationId = operation(
                tx,
                region,
                CloudMapOperation.Type.UPDATE_NAMESPACE,
                namespace.id(),
                Map.of("NAMESPACE", namespace.id()));
        if (updaterRequestId != null) {
            namespace.updatedBy(updaterRequestId, operationId);
        }
        namespace.save(tx);
        return operationId;
    }

    String deleteNamespace(Transaction tx, String region, String idOrArn) {
        Namespace namespace = requireNamespace(tx, region, idOrArn);
        if (!namespace.services(tx).isEmpty()) {
            throw new ApiException(
                    "ResourceInUse", "Namespace '" + namespace.id() + "' has services; delete them first.");
        }
        namespace.delete(tx);
        return operation(
                tx,
                region,
                CloudMapOperation.Type.DELETE_NAMESPACE,
                namespace.id(),
                Map.of("NAMESPACE", namespace.id()));
    }

    // ---- services

    /**
     * Creates a service in a namespace of a region; answers it as JSON.
     *
     * @param request the {@code CreateService} fields to keep ({@link DiscoveryService#KEPT_FIELDS})
     */
    public ObjectNode createService(
            Transaction tx,
            String region,
            String name,
            String namespaceIdOrArn,
            JsonNode request,
            String creatorRequestId) {
        String namespaceId = requireNamespace(tx, region, namespaceIdOrArn).id();
        Optional<DiscoveryService> existing = DiscoveryService.named(tx, namespaceId, name);
        if (existing.isPresent()) {
            throw new ApiException(
                    "ServiceAlreadyExists",
                    "Service '" + name + "' already exists in namespace '" + namespaceId + "' with id "
                            + existing.get().id() + ".");
        }
        String id = "srv-" + ResourceNames.base32Id(16);
        DiscoveryService service = DiscoveryService.create(
                id,
                names.inRegion(region).arn("servicediscovery", "service/" + id),
                name,
                namespaceId,
                request,
                names.now(),
                creatorRequestId,
                tx.revision());
        service.save(tx);
        return service.json();
    }

    /** A service by id or ARN, as JSON. */
    public Optional<ObjectNode> service(Transaction tx, String idOrArn) {
        return DiscoveryService.find(tx, idOrArn).map(Document::json);
    }

    /** The service of a namespace with this name, as JSON. */
    public Optional<ObjectNode> serviceByName(Transaction tx, String namespaceId, String name) {
        return DiscoveryService.named(tx, namespaceId, name).map(Document::json);
    }

    /** A service of a region by id or ARN, or ServiceNotFound. */
    DiscoveryService requireService(Transaction tx, String region, String idOrArn) {
        return DiscoveryService.find(tx, idOrArn)
                .filter(service -> service.isIn(region))
                .orElseThrow(() -> new ApiException("ServiceNotFound", "Service '" + idOrArn + "' not found."));
    }

    /**
     * Applies an UpdateService change to a service (its description; its health check configuration,
     * which an absent one removes); answers the id of the UPDATE_SERVICE operation.
     *
     * @param description the new description, or null to keep it
     * @param healthCheckConfig the new health check configuration, or null to remove it
     */
    String updateService(
            Transaction tx, String region, String idOrArn, String description, JsonNode healthCheckConfig) {
        DiscoveryService service = requireService(tx, region, idOrArn);
        if (healthCheckConfig != null && service.hasCustomHealth()) {
            throw new ApiException(
                    "InvalidInput",
                    "Service.HealthCheckConfig: service '" + service.id()
                            + "' has a HealthCheckCustomConfig, which cannot be combined with a HealthCheckConfig.");
        }
        if (description != null) {
            service.description(description);
        }
        service.healthCheckConfig(healthCheckConfig).save(tx);
        return operation(
                tx,
                region,
                CloudMapOperation.Type.UPDATE_SERVICE,
                service.namespaceId(),
                Map.of("SERVICE", service.id()));
    }

    /** Deletes a service of a region; refused while it has instances. */
    public void deleteService(Transaction tx, String region, String idOrArn) {
        DiscoveryService service = requireService(tx, region, idOrArn);
        if (!service.instances(tx).isEmpty()) {
            throw new ApiException(
                    "ResourceInUse", "Service '" + service.id() + "' has registered instances; deregister them first.");
        }
        service.delete(tx);
    }

    // ---- instances

    /**
     * Registers (or replaces) an instance of a service of a region; answers the id of the
     * REGISTER_INSTANCE operation.
     */
    public String registerInstance(
            Transaction tx,
            String region,
            String serviceIdOrArn,
            String instanceId,
            Map<String, String> attributes,
            String creatorRequestId) {
        DiscoveryService service = requireService(tx, region, serviceIdOrArn);
        InstanceHealth health = service.initialHealth(attributes.get(INIT_HEALTH_STATUS));
        Instance.create(service.id(), instanceId, attributes, health, creatorRequestId)
                .save(tx);
        service.instancesChanged(tx);
        return operation(
                tx,
                region,
                CloudMapOperation.Type.REGISTER_INSTANCE,
                service.namespaceId(),
                Map.of("SERVICE", service.id(), "INSTANCE", instanceId));
    }

    /** Deregisters an instance; answers the id of the DEREGISTER_INSTANCE operation. */
    public String deregisterInstance(Transaction tx, String region, String serviceIdOrArn, String instanceId) {
        DiscoveryService service = requireService(tx, region, serviceIdOrArn);
        requireInstance(tx, service, instanceId).delete(tx);
        service.instancesChanged(tx);
        return operation(
                tx,
                region,
                CloudMapOperation.Type.DEREGISTER_INSTANCE,
                service.namespaceId(),
                Map.of("SERVICE", service.id(), "INSTANCE", instanceId));
    }

    /** Deregisters an instance if it is registered; does nothing otherwise. */
    public void deregisterIfPresent(Transaction tx, String serviceId, String instanceId) {
        Optional<DiscoveryService> service = DiscoveryService.find(tx, serviceId);
        if (service.isPresent() && service.get().instance(tx, instanceId).isPresent()) {
            deregisterInstance(tx, Document.regionOf(service.get().arn()), serviceId, instanceId);
        }
    }

    Instance requireInstance(Transaction tx, DiscoveryService service, String instanceId) {
        return service.instance(tx, instanceId)
                .orElseThrow(() -> new ApiException(
                        "InstanceNotFound",
                        "Instance '" + instanceId + "' not found in service '" + service.id() + "'."));
    }

    /** Sets a custom-health instance's status; refused for a service without custom health. */
    void updateCustomHealth(
            Transaction tx, String region, String serviceIdOrArn, String instanceId, InstanceHealth health) {
        DiscoveryService service = requireService(tx, region, serviceIdOrArn);
        Instance instance = requireInstance(tx, service, instanceId);
        if (!service.hasCustomHealth()) {
            throw new ApiException(
                    "CustomHealthNotFound",
                    "Service '" + service.id()
                            + "' has no HealthCheckCustomConfig; its instances' health cannot be updated.");
        }
        if (instance.health() != health) {
            instance.health(health).save(tx);
            service.instancesChanged(tx);
        }
    }

    /** The instances of a service, as JSON, each with its internal health field. */
    public List<ObjectNode> instances(Transaction tx, String serviceId) {
        return Instance.ofService(tx, serviceId).stream().map(Document::json).toList();
    }

    // ---- operations

    /** Records an operation, done at once, on {@code targets} of namespace {@code namespaceId}. */
    private String operation(
            Transaction tx,
            String region,
            CloudMapOperation.Type type,
            String namespaceId,
            Map<String, String> targets) {
        String id = ResourceNames.base32Id(32);
        CloudMapOperation.succeeded(id, type, targets, names.now())
                .inNamespace(namespaceId)
                .inRegion(region)
                .atRevision(tx.revision())
                .save(tx);
        return id;
    }
}
