package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Cloud Map HTTP namespace as stored (row of {@link Table#NAMESPACES}: id the namespace id, scope
 * its name), in the shape {@code GetNamespace} answers, plus the last {@code UpdaterRequestId} and
 * the operation it started, so that a retried update answers the same operation.
 */
public final class Namespace extends Document {

    /** The tag whose value {@value #MUTUAL_TLS_DISABLED} turns mutual TLS off in the namespace. */
    public static final String MUTUAL_TLS_TAG = "svc-connect:mutual-tls";
    /** The value of {@link #MUTUAL_TLS_TAG} that turns mutual TLS off. */
    public static final String MUTUAL_TLS_DISABLED = "disabled";
    /**
     * The member of our own that {@code GetNamespace} and {@code ListNamespaces} add to a namespace:
     * {@code ENABLED} or {@code DISABLED}, what {@link #MUTUAL_TLS_TAG} makes of its hops (AWS's model
     * lacks it, so the AWS CLI and SDKs accept the answer and leave it out of theirs).
     */
    public static final String MUTUAL_TLS_MEMBER = "SvcConnectMutualTls";

    private static final String ID = "Id";
    private static final String ARN = "Arn";
    private static final String NAME = "Name";
    private static final String TYPE = "Type";
    private static final String DESCRIPTION = "Description";
    private static final String PROPERTIES = "Properties";
    private static final String HTTP_PROPERTIES = "HttpProperties";
    private static final String HTTP_NAME = "HttpName";
    private static final String CREATE_DATE = "CreateDate";
    private static final String CREATOR_REQUEST_ID = "CreatorRequestId";
    private static final String UPDATER_REQUEST_ID = "UpdaterRequestId";
    private static final String UPDATE_OPERATION_ID = "UpdateOperationId";
    private static final String SERVICE_COUNT = "ServiceCount";

    private Namespace(ObjectNode json) {
        super(json);
    }

    /** A view over a stored namespace. */
    public static Namespace of(ObjectNode json) {
        return new Namespace(json);
    }

    /**
     * A new HTTP namespace.
     *
     * @param description its description, or null
     * @param creatorRequestId the request id of its creator, or null
     */
    public static Namespace createHttp(
            String id, String arn, String name, String description, double now, String creatorRequestId) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(ID, id);
        json.put(ARN, arn);
        json.put(NAME, name);
        json.put(TYPE, "HTTP");
        if (description != null) {
            json.put(DESCRIPTION, description);
        }
        json.putObject(PROPERTIES).putObject(HTTP_PROPERTIES).put(HTTP_NAME, name);
        json.put(CREATE_DATE, now);
        if (creatorRequestId != null) {
            json.put(CREATOR_REQUEST_ID, creatorRequestId);
        }
        return new Namespace(json);
    }

    /** The namespace with this id or ARN. */
    public static Optional<Namespace> find(Transaction tx, String idOrArn) {
        return tx.get(Table.NAMESPACES, lastPart(idOrArn)).map(Namespace::new);
    }

    /** The namespace of a region with this name: a name may be taken once in each region. */
    public static Optional<Namespace> named(Transaction tx, String region, String name) {
        return tx.list(Table.NAMESPACES, name).stream()
                .map(Namespace::new)
                .filter(namespace -> namespace.isIn(region))
                .findFirst();
    }

    /**
     * The namespace of a region with this id or ARN ({@code ns-...}, {@code arn:...}), else with
     * this name.
     */
    public static Optional<Namespace> findByNameOrId(Transaction tx, String region, String nameOrId) {
        if (nameOrId.startsWith("arn:") || nameOrId.startsWith("ns-")) {
            Optional<Namespace> byId = find(tx, nameOrId).filter(namespace -> namespace.isIn(region));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return named(tx, region, nameOrId);
    }

    /** The region its ARN names. */
    public String region() {
        return regionOf(arn());
    }

    /** Whether its ARN names {@code region}. */
    public boolean isIn(String region) {
        return region.equals(regionOf(arn()));
    }

    /** The namespace of a service's PRIMARY deployment, when it uses Service Connect in one that exists. */
    public static Optional<Namespace> ofService(Transaction tx, Service service) {
        String arn = service.namespaceArn();
        return arn == null ? Optional.empty() : find(tx, arn);
    }

    /** Every namespace, by id. */
    public static List<Namespace> all(Transaction tx) {
        return tx.listAll(Table.NAMESPACES).stream().map(Namespace::new).toList();
    }

    public String id() {
        return text(ID);
    }

    public String arn() {
        return text(ARN);
    }

    public String name() {
        return text(NAME);
    }

    /** HTTP: the only type svc-connect creates. */
    public String type() {
        return text(TYPE);
    }

    public String description() {
        return text(DESCRIPTION);
    }

    public Namespace description(String description) {
        json().put(DESCRIPTION, description);
        return this;
    }

    /** The operation of the last update, when {@code updaterRequestId} is the one it was made with. */
    public Optional<String> updateOperation(String updaterRequestId) {
        if (updaterRequestId == null || !updaterRequestId.equals(text(UPDATER_REQUEST_ID))) {
            return Optional.empty();
        }
        return Optional.ofNullable(text(UPDATE_OPERATION_ID));
    }

    /** Remembers the operation of an update made with {@code updaterRequestId}. */
    public Namespace updatedBy(String updaterRequestId, String operationId) {
        json().put(UPDATER_REQUEST_ID, updaterRequestId);
        json().put(UPDATE_OPERATION_ID, operationId);
        return this;
    }

    /** The Cloud Map services of the namespace, by id. */
    public List<DiscoveryService> services(Transaction tx) {
        return DiscoveryService.inNamespace(tx, id());
    }

    /**
     * The namespace as {@code GetNamespace} answers it: with its current {@code ServiceCount} and
     * {@value #MUTUAL_TLS_MEMBER}, without its tags and its last update's request and operation.
     */
    public ObjectNode answer(Transaction tx) {
        ObjectNode answer = json().deepCopy();
        answer.put(SERVICE_COUNT, tx.list(Table.DISCOVERY_SERVICES, id()).size());
        answer.put(MUTUAL_TLS_MEMBER, mutualTls() ? "ENABLED" : "DISABLED");
        answer.remove(CloudMapTags.TAGS);
        answer.remove(UPDATER_REQUEST_ID);
        answer.remove(UPDATE_OPERATION_ID);
        return answer;
    }

    /**
     * Whether the hops between the proxies of this namespace are mutual TLS: yes, unless its tag
     * {@value #MUTUAL_TLS_TAG} says {@code disabled} (an opt-out for debugging).
     */
    public boolean mutualTls() {
        return !MUTUAL_TLS_DISABLED.equalsIgnoreCase(
                tags().getOrDefault(MUTUAL_TLS_TAG, "").strip());
    }

    /** Its tags, by key. */
    public Map<String, String> tags() {
        return CloudMapTags.read(json());
    }

    /** Replaces its tags. */
    public Namespace tags(Map<String, String> tags) {
        CloudMapTags.write(json(), tags);
        return this;
    }

    /** Writes the namespace with its store keys: its id and its name. */
    public void save(Transaction tx) {
        tx.put(Table.NAMESPACES, id(), name(), null, json());
    }

    /** Deletes the namespace and the addresses of its client aliases. */
    public void delete(Transaction tx) {
        tx.delete(Table.NAMESPACES, id());
        AliasAddress.inNamespace(tx, id()).forEach(alias -> alias.delete(tx));
    }
}
