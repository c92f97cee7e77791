package dev.svcconnect.controlplane.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.access.AccessPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The access-policy operations of svc-connect's own API ({@code SvcConnect_20261201}); writing
 * takes an admin key, reading a reader's. {@code Namespace} is a name, an id or an ARN;
 * {@code Service} a discovery name of it.
 *
 * <ul>
 *   <li>{@code PutAccessPolicy {Namespace, Service, AllowedCallers: ["webui", "other-ns/cli"]}} ->
 *       {@code {AccessPolicy}}; an empty list allows nobody
 *   <li>{@code GetAccessPolicy {Namespace, Service}} -> {@code {AccessPolicy}}, the effective one:
 *       {@code Default: true} and no {@code AllowedCallers} when none is stored
 *   <li>{@code DeleteAccessPolicy {Namespace, Service}}: back to the default
 *   <li>{@code ListAccessPolicies {Namespace}} -> {@code {AccessPolicies: [...]}}, the stored ones
 * </ul>
 *
 * <p>Errors: {@code NamespaceNotFound}, {@code ServiceNotFound} (Cloud Map's types),
 * {@code ResourceNotFoundException} (no policy to delete), {@code InvalidParameterException}
 * naming the field, e.g. {@code AllowedCallers[1]: 'Web UI' (expected: ...)}.
 */
public final class AccessPolicyApi {

    private static final String INVALID = "InvalidParameterException";

    private final Store store;
    private final Clock clock;

    public AccessPolicyApi(Store store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The operations, by name. */
    public Map<String, Operation> operations() {
        return Map.of(
                "PutAccessPolicy", this::put,
                "GetAccessPolicy", this::get,
                "DeleteAccessPolicy", this::delete,
                "ListAccessPolicies", this::list);
    }

    private ObjectNode put(Params request) {
        String namespaceName = request.requiredString("Namespace");
        String service = request.requiredString("Service");
        if (!request.has("AllowedCallers")) {
            throw request.invalid(
                    "AllowedCallers",
                    "is required (an empty list allows nobody; DeleteAccessPolicy restores the default)");
        }
        List<String> callers = request.strings("AllowedCallers");
        return store.write(tx -> {
            Namespace namespace = namespace(tx, request.region(), namespaceName);
            requireService(tx, namespace, service);
            AccessPolicy policy;
            try {
                policy = new AccessPolicy(namespace.name(), service, callers).validate("");
            } catch (IllegalArgumentException e) {
                throw new ApiException(INVALID, capitalized(e.getMessage()));
            }
            AccessPolicies.put(tx, namespace, policy, clock.millis() / 1000.0);
            return answer(AccessPolicies.row(tx, namespace, service).orElseThrow());
        });
    }

    private ObjectNode get(Params request) {
        String namespaceName = request.requiredString("Namespace");
        String service = request.requiredString("Service");
        return store.read(tx -> {
            Namespace namespace = namespace(tx, request.region(), namespaceName);
            return AccessPolicies.row(tx, namespace, service)
                    .map(AccessPolicyApi::answer)
                    .orElseGet(() -> {
                        requireService(tx, namespace, service);
                        ObjectNode policy = Json.mapper().createObjectNode();
                        policy.put("Namespace", namespace.name());
                        policy.put("NamespaceId", namespace.id());
                        policy.put("Service", service);
                        policy.put("Default", true);
                        policy.put(
                                "Allows",
                                AccessPolicy.defaultFor(namespace.name(), service)
                                        .allowed());
                        ObjectNode response = Json.mapper().createObjectNode();
                        response.set("AccessPolicy", policy);
                        return response;
                    });
        });
    }

    private ObjectNode delete(Params request) {
        String namespaceName = request.requiredString("Namespace");
        String service = request.requiredString("Service");
        return store.write(tx -> {
            Namespace namespace = namespace(tx, request.region(), namespaceName);
            if (!AccessPolicies.delete(tx, namespace, service)) {
                throw new ApiException(
                        "ResourceNotFoundException",
                        "Service '" + service + "' of namespace '" + namespace.name()
                                + "' has no access policy (it has the default one).");
            }
            return Json.mapper().createObjectNode();
        });
    }

    private ObjectNode list(Params request) {
        String namespaceName = request.requiredString("Namespace");
        return store.read(tx -> {
            Namespace namespace = namespace(tx, request.region(), namespaceName);
            ObjectNode response = Json.mapper().createObjectNode();
            ArrayNode policies = response.putArray("AccessPolicies");
            AccessPolicies.inNamespace(tx, namespace).forEach(row -> policies.add(withAllows(row)));
            return response;
        });
    }

    private static ObjectNode answer(ObjectNode row) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("AccessPolicy", withAllows(row));
        return response;
    }

    /** A stored row with {@code Default: false} and what it allows in words. */
    private static ObjectNode withAllows(ObjectNode row) {
        ObjectNode policy = row.deepCopy();
        policy.put("Default", false);
        List<String> callers = new java.util.ArrayList<>();
        row.path("AllowedCallers").forEach(c -> callers.add(c.asText()));
        policy.put(
                "Allows",
                new AccessPolicy(
                                row.path("Namespace").asText(),
                                row.path("Service").asText(),
                                callers)
                        .allowed());
        return policy;
    }

    private static Namespace namespace(Transaction tx, String region, String nameOrId) {
        return Namespace.findByNameOrId(tx, region, nameOrId)
                .orElseThrow(() -> new ApiException("NamespaceNotFound", "Namespace '" + nameOrId + "' not found."));
    }

    private static void requireService(Transaction tx, Namespace namespace, String service) {
        if (DiscoveryService.named(tx, namespace.id(), service).isEmpty()) {
            throw new ApiException(
                    "ServiceNotFound",
                    "Service: no service '" + service + "' in namespace '" + namespace.name()
                            + "' (expected: the discovery name of a Service Connect service of it).");
        }
    }

    /** The model names fields in camel case ({@code allowedCallers[1]}); the API in Pascal case. */
    private static String capitalized(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
