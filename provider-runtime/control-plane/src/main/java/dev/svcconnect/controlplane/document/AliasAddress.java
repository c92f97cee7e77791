package dev.svcconnect.controlplane.document;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Optional;

/**
 * The address of a client alias DNS name in its namespace, as stored (row of {@link
 * Table#ALIAS_ADDRESSES}: id {@code namespaceId/dnsName}, scope the namespace's id): one address in
 * {@value #DEFAULT_PREFIX}.0.0/16 per DNS name, that a task's hosts file maps the name to (under
 * the task's own alias prefix when its host gave one).
 */
public final class AliasAddress extends Document {

    /** The first two octets of every stored alias address. */
    public static final String DEFAULT_PREFIX = "127.255";

    private static final String DNS_NAME = "dnsName";
    private static final String ADDRESS = "address";

    private final String namespaceId;

    private AliasAddress(String namespaceId, ObjectNode json) {
        super(json);
        this.namespaceId = requireNonNull(namespaceId, "namespaceId");
    }

    /** A view over a stored alias address of the namespace with id {@code namespaceId}. */
    public static AliasAddress of(String namespaceId, ObjectNode json) {
        return new AliasAddress(namespaceId, json);
    }

    /** A new address of {@code dnsName} in the namespace with id {@code namespaceId}. */
    public static AliasAddress create(String namespaceId, String dnsName, String address) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(DNS_NAME, dnsName);
        json.put(ADDRESS, address);
        return new AliasAddress(namespaceId, json);
    }

    /** The address of {@code dnsName} in the namespace with id {@code namespaceId}. */
    public static Optional<AliasAddress> find(Transaction tx, String namespaceId, String dnsName) {
        return tx.get(Table.ALIAS_ADDRESSES, key(namespaceId, dnsName))
                .map(json -> new AliasAddress(namespaceId, json));
    }

    /** The alias addresses of the namespace with id {@code namespaceId}. */
    public static List<AliasAddress> inNamespace(Transaction tx, String namespaceId) {
        return tx.list(Table.ALIAS_ADDRESSES, namespaceId).stream()
                .map(json -> new AliasAddress(namespaceId, json))
                .toList();
    }

    private static String key(String namespaceId, String dnsName) {
        return namespaceId + "/" + dnsName;
    }

    public String dnsName() {
        return text(DNS_NAME);
    }

    /** The address, in {@value #DEFAULT_PREFIX}.0.0/16. */
    public String address() {
        return text(ADDRESS);
    }

    /**
     * The address for a task whose aliases live under {@code prefix} (the first two octets): the
     * stored address with its first two octets replaced; the stored one when {@code prefix} is null.
     */
    public String addressUnder(String prefix) {
        String address = address();
        return prefix == null ? address : prefix + address.substring(DEFAULT_PREFIX.length());
    }

    /** Writes the address with its store keys: {@code namespaceId/dnsName} and the namespace's id. */
    public void save(Transaction tx) {
        tx.put(Table.ALIAS_ADDRESSES, key(namespaceId, dnsName()), namespaceId, null, json());
    }

    public void delete(Transaction tx) {
        tx.delete(Table.ALIAS_ADDRESSES, key(namespaceId, dnsName()));
    }
}
