package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Cloud Map operation as stored (row of {@link Table#OPERATIONS}: id the operation id, scope
 * "-"), in the shape {@code GetOperation} answers, plus the id of the namespace it concerns
 * ({@code ListOperations} filters on it) and the store revision it was made at (which orders the
 * list), which answers leave out. svc-connect changes Cloud Map at
 * once, so every operation is SUCCESS from its start.
 */
public final class CloudMapOperation extends Document {

    /** What an operation did. */
    public enum Type {
        CREATE_NAMESPACE,
        UPDATE_NAMESPACE,
        DELETE_NAMESPACE,
        UPDATE_SERVICE,
        REGISTER_INSTANCE,
        DEREGISTER_INSTANCE
    }

    private static final String ID = "Id";
    private static final String TYPE = "Type";
    private static final String STATUS = "Status";
    private static final String CREATE_DATE = "CreateDate";
    private static final String UPDATE_DATE = "UpdateDate";
    private static final String TARGETS = "Targets";
    private static final String NAMESPACE_ID = "OwnerNamespaceId";
    private static final String REGION = "OwnerRegion";
    private static final String REVISION = "Revision";

    private CloudMapOperation(ObjectNode json) {
        super(json);
    }

    /** A view over a stored operation. */
    public static CloudMapOperation of(ObjectNode json) {
        return new CloudMapOperation(json);
    }

    /**
     * A new operation, SUCCESS at {@code now}.
     *
     * @param targets what it changed, in order: {@code NAMESPACE}, {@code SERVICE} or {@code
     *     INSTANCE} to an id
     */
    public static CloudMapOperation succeeded(String id, Type type, Map<String, String> targets, double now) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(ID, id);
        json.put(TYPE, type.name());
        json.put(STATUS, "SUCCESS");
        json.put(CREATE_DATE, now);
        json.put(UPDATE_DATE, now);
        ObjectNode targetNode = json.putObject(TARGETS);
        targets.forEach(targetNode::put);
        return new CloudMapOperation(json);
    }

    /** Every operation, oldest first (by the store revision it was made at, then id). */
    public static List<CloudMapOperation> all(Transaction tx) {
        return tx.listAll(Table.OPERATIONS).stream()
                .map(CloudMapOperation::new)
                .sorted(Comparator.comparingLong(CloudMapOperation::revision).thenComparing(CloudMapOperation::id))
                .toList();
    }

    /** The operation with this id. */
    public static Optional<CloudMapOperation> find(Transaction tx, String id) {
        return tx.get(Table.OPERATIONS, id).map(CloudMapOperation::new);
    }

    public String id() {
        return text(ID);
    }

    /** Its type, a {@link Type} name. */
    public String type() {
        return text(TYPE);
    }

    /** SUCCESS: svc-connect's operations are done when they are answered. */
    public String status() {
        return text(STATUS);
    }

    /** When it was created, in epoch seconds. */
    public double createDate() {
        return decimal(CREATE_DATE);
    }

    /** When its status last changed, in epoch seconds. */
    public double updateDate() {
        return decimal(UPDATE_DATE);
    }

    /** The id of what it changed of kind {@code NAMESPACE}, {@code SERVICE} or {@code INSTANCE}, or null. */
    public String target(String kind) {
        return json().path(TARGETS).path(kind).asText(null);
    }

    /** The id of the namespace it concerns: its target, or the namespace of its service. */
    public String namespaceId() {
        return text(NAMESPACE_ID, target("NAMESPACE"));
    }

    /** Notes the namespace of the service it concerns. */
    public CloudMapOperation inNamespace(String namespaceId) {
        json().put(NAMESPACE_ID, namespaceId);
        return this;
    }

    /**
     * The region it was made in, or null for an operation stored before operations noted their
     * region (made in the configured region, the only one then).
     */
    public String region() {
        return text(REGION);
    }

    /** Notes the region it is made in. */
    public CloudMapOperation inRegion(String region) {
        json().put(REGION, region);
        return this;
    }

    /** The store revision it was made at; 0 when not noted. */
    public long revision() {
        return json().path(REVISION).asLong();
    }

    /** Notes the store revision it is made at, which orders {@link #all}. */
    public CloudMapOperation atRevision(long revision) {
        json().put(REVISION, revision);
        return this;
    }

    /** The operation as {@code GetOperation} answers it: without its namespace, region and revision. */
    public ObjectNode answer() {
        ObjectNode answer = json().deepCopy();
        answer.remove(NAMESPACE_ID);
        answer.remove(REGION);
        answer.remove(REVISION);
        return answer;
    }

    /** Writes the operation with its store keys: its id. */
    public void save(Transaction tx) {
        tx.put(Table.OPERATIONS, id(), "-", null, json());
    }
}
