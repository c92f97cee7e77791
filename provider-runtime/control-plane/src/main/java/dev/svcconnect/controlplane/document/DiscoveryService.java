package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Cloud Map service as stored (row of {@link Table#DISCOVERY_SERVICES}: id the service id, scope
 * its namespace's id, ref its name), in the shape {@code GetService} answers, plus the store
 * revision of its last instance change ({@code InstancesRevision}), which answers leave out. A
 * Service Connect discovery name is such a service.
 */
public final class DiscoveryService extends Document {

    /** The {@code CreateService} fields a service keeps as given. */
    public static final List<String> KEPT_FIELDS =
            List.of("Description", "DnsConfig", "HealthCheckConfig", "HealthCheckCustomConfig", "Type");

    private static final String ID = "Id";
    private static final String ARN = "Arn";
    private static final String NAME = "Name";
    private static final String NAMESPACE_ID = "NamespaceId";
    private static final String TYPE = "Type";
    private static final String DESCRIPTION = "Description";
    private static final String CREATE_DATE = "CreateDate";
    private static final String CREATOR_REQUEST_ID = "CreatorRequestId";
    private static final String HEALTH_CHECK = "HealthCheckConfig";
    private static final String CUSTOM_HEALTH_CHECK = "HealthCheckCustomConfig";
    private static final String INSTANCES_REVISION = "InstancesRevision";
    private static final String INSTANCE_COUNT = "InstanceCount";

    private DiscoveryService(ObjectNode json) {
        super(json);
    }

    /** A view over a stored Cloud Map service. */
    public static DiscoveryService of(ObjectNode json) {
        return new DiscoveryService(json);
    }

    /**
     * A new service of type HTTP unless {@code request} says otherwise.
     *
     * @param request the {@code CreateService} request: its {@link #KEPT_FIELDS} that are set are kept
     * @param creatorRequestId the request id of its creator, or null
     * @param revision the store revision it is created at: the revision of its (no) instances
     */
    public static DiscoveryService create(
            String id,
            String arn,
            String name,
            String namespaceId,
            JsonNode request,
            double now,
            String creatorRequestId,
            long revision) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(ID, id);
        json.put(ARN, arn);
        json.put(NAME, name);
        json.put(NAMESPACE_ID, namespaceId);
        for (String field : KEPT_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                json.set(field, value);
            }
        }
        if (!json.has(TYPE)) {
            json.put(TYPE, "HTTP");
        }
        json.put(CREATE_DATE, now);
        if (creatorRequestId != null) {
            json.put(CREATOR_REQUEST_ID, creatorRequestId);
        }
        json.put(INSTANCES_REVISION, revision);
        return new DiscoveryService(json);
    }

    /** The service with this id or ARN. */
    public static Optional<DiscoveryService> find(Transaction tx, String idOrArn) {
        return tx.get(Table.DISCOVERY_SERVICES, lastPart(idOrArn)).map(DiscoveryService::new);
    }

    /** Whether its ARN names {@code region}. */
    public boolean isIn(String region) {
        return region.equals(regionOf(arn()));
    }

    /** The service of a namespace with this name (a discovery name). */
    public static Optional<DiscoveryService> named(Transaction tx, String namespaceId, String name) {
        return tx.listByRef(Table.DISCOVERY_SERVICES, name).stream()
                .map(DiscoveryService::new)
                .filter(service -> service.namespaceId().equals(namespaceId))
                .findFirst();
    }

    /** The services of a namespace, by id. */
    public static List<DiscoveryService> inNamespace(Transaction tx, String namespaceId) {
        return tx.list(Table.DISCOVERY_SERVICES, namespaceId).stream()
                .map(DiscoveryService::new)
                .toList();
    }

    /** Every service of every namespace, by id. */
    public static List<DiscoveryService> all(Transaction tx) {
        return tx.listAll(Table.DISCOVERY_SERVICES).stream()
                .map(DiscoveryService::new)
                .toList();
    }

    public String id() {
        return text(ID);
    }

    public String arn() {
        return text(ARN);
    }

    /** The service's name: for Service Connect, a discovery name. */
    public String name() {
        return text(NAME);
    }

    public String namespaceId() {
        return text(NAMESPACE_ID);
    }

    /** Sets its description (UpdateService). */
    public DiscoveryService description(String description) {
        json().put(DESCRIPTION, description);
        return this;
    }

    /** Sets its Route 53 health check configuration (UpdateService); null removes it. */
    public DiscoveryService healthCheckConfig(JsonNode config) {
        if (config == null) {
            json().remove(HEALTH_CHECK);
        } else {
            json().set(HEALTH_CHECK, config);
        }
        return this;
    }

    /** Whether its instances' health is set through {@code UpdateInstanceCustomHealthStatus}. */
    public boolean hasCustomHealth() {
        return json().has(CUSTOM_HEALTH_CHECK);
    }

    /** Whether the service has a health check of either kind. */
    public boolean isHealthChecked() {
        return hasCustomHealth() || json().has(HEALTH_CHECK);
    }

    /** The health of one of its instances as Cloud Map answers it: UNKNOWN without a health check. */
    public InstanceHealth health(Instance instance) {
        return isHealthChecked() ? instance.health() : InstanceHealth.UNKNOWN;
    }

    /** Whether discovery with the default filter (HEALTHY) answers this instance of the service. */
    public boolean answersHealthy(Instance instance) {
        return health(instance) != InstanceHealth.UNHEALTHY;
    }

    /**
     * The health a newly registered instance starts with: UNHEALTHY when a custom-health service is
     * asked so ({@code initialHealth}, from {@link Instance#INIT_HEALTH_STATUS}), else HEALTHY.
     */
    public InstanceHealth initialHealth(String initialHealth) {
        return "UNHEALTHY".equals(initialHealth) && hasCustomHealth()
                ? InstanceHealth.UNHEALTHY
                : InstanceHealth.HEALTHY;
    }

    /** The store revision of its last instance change: what {@code DiscoverInstancesRevision} answers. */
    public long instancesRevision() {
        return json().path(INSTANCES_REVISION).asLong();
    }

    /** The service's instances, by id. */
    public List<Instance> instances(Transaction tx) {
        return Instance.ofService(tx, id());
    }

    /** One of the service's instances. */
    public Optional<Instance> instance(Transaction tx, String instanceId) {
        return Instance.find(tx, id(), instanceId);
    }

    /** The service as {@code GetService} answers it: with its {@code InstanceCount}, without internals or tags. */
    public ObjectNode answer(Transaction tx) {
        ObjectNode answer = json().deepCopy();
        answer.put(INSTANCE_COUNT, tx.list(Table.INSTANCES, id()).size());
        answer.remove(INSTANCES_REVISION);
        answer.remove(CloudMapTags.TAGS);
        return answer;
    }

    /** Notes a change of its instances at the transaction's revision, and writes the service. */
    public void instancesChanged(Transaction tx) {
        json().put(INSTANCES_REVISION, tx.revision());
        save(tx);
    }

    /** Its tags, by key. */
    public Map<String, String> tags() {
        return CloudMapTags.read(json());
    }

    /** Replaces its tags. */
    public DiscoveryService tags(Map<String, String> tags) {
        CloudMapTags.write(json(), tags);
        return this;
    }

    /** Writes the service with its store keys: its id, its namespace's id and its name. */
    public void save(Transaction tx) {
        tx.put(Table.DISCOVERY_SERVICES, id(), namespaceId(), name(), json());
    }

    public void delete(Transaction tx) {
        tx.delete(Table.DISCOVERY_SERVICES, id());
    }
}
