package dev.svcconnect.controlplane.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.access.AccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored access policies ({@link Table#ACCESS_POLICIES}), one row per service that has one,
 * in the shape the API answers: {@code {Namespace, NamespaceId, Service, AllowedCallers, UpdatedAt}}.
 */
public final class AccessPolicies {

    private AccessPolicies() {}

    /** The policy stored for {@code service} of {@code namespace}, if one is. */
    public static Optional<AccessPolicy> find(Transaction tx, Namespace namespace, String service) {
        return tx.get(Table.ACCESS_POLICIES, id(namespace, service)).map(AccessPolicies::policy);
    }

    /** What the proxies of {@code service} enforce: its stored policy, else the default of its namespace. */
    public static AccessPolicy effective(Transaction tx, Namespace namespace, String service) {
        return find(tx, namespace, service).orElseGet(() -> AccessPolicy.defaultFor(namespace.name(), service));
    }

    /** Stores {@code policy}, replacing any earlier one of the same service. */
    public static void put(Transaction tx, Namespace namespace, AccessPolicy policy, double now) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("Namespace", namespace.name());
        body.put("NamespaceId", namespace.id());
        body.put("Service", policy.service());
        ArrayNode callers = body.putArray("AllowedCallers");
        policy.allowedCallers().forEach(callers::add);
        body.put("UpdatedAt", now);
        tx.put(Table.ACCESS_POLICIES, id(namespace, policy.service()), namespace.id(), null, body);
    }

    /** Removes the policy of {@code service}; whether there was one. */
    public static boolean delete(Transaction tx, Namespace namespace, String service) {
        String id = id(namespace, service);
        if (tx.get(Table.ACCESS_POLICIES, id).isEmpty()) {
            return false;
        }
        tx.delete(Table.ACCESS_POLICIES, id);
        return true;
    }

    /** The stored policies of a namespace, as the API answers them, by service. */
    public static List<ObjectNode> inNamespace(Transaction tx, Namespace namespace) {
        return new ArrayList<>(tx.list(Table.ACCESS_POLICIES, namespace.id()));
    }

    /** The stored row of one policy, as the API answers it. */
    public static Optional<ObjectNode> row(Transaction tx, Namespace namespace, String service) {
        return tx.get(Table.ACCESS_POLICIES, id(namespace, service));
    }

    private static AccessPolicy policy(ObjectNode row) {
        List<String> callers = new ArrayList<>();
        row.path("AllowedCallers").forEach(caller -> callers.add(caller.asText()));
        return new AccessPolicy(
                row.path("Namespace").asText(), row.path("Service").asText(), callers);
    }

    private static String id(Namespace namespace, String service) {
        return namespace.id() + "/" + service;
    }
}
