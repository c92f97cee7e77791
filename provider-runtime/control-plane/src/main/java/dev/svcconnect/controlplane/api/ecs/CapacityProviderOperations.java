package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.CapacityProvider;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DescribeCapacityProviders and PutClusterCapacityProviders, over the built-in capacity providers
 * ({@link CapacityProvider#BUILT_IN}); CreateCluster sets a cluster's providers the same way.
 */
final class CapacityProviderOperations {

    private static final String PROVIDERS = "capacityProviders";
    private static final String DEFAULT_STRATEGY = "defaultCapacityProviderStrategy";

    private final Store store;
    private final EcsRegistry registry;

    CapacityProviderOperations(Store store, EcsRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    ObjectNode describe(Params request) {
        List<String> wanted = request.strings(PROVIDERS, 0, 100);
        List<CapacityProvider> found = CapacityProvider.BUILT_IN.stream()
                .filter(p -> wanted.isEmpty() || wanted.contains(p.name()) || wanted.contains(arn(request.region(), p)))
                .toList();
        Pages<CapacityProvider> page = Pages.of(found, request, "maxResults", "nextToken", 10, 10);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode providers = response.putArray(PROVIDERS);
        for (CapacityProvider provider : page.items()) {
            providers
                    .addObject()
                    .put("capacityProviderArn", arn(request.region(), provider))
                    .put("name", provider.name())
                    .put("status", "ACTIVE")
                    .putArray("tags");
        }
        ArrayNode failures = response.putArray("failures");
        for (String name : wanted) {
            if (CapacityProvider.named(name).isEmpty()) {
                Failures.missing(
                        failures,
                        name.startsWith("arn:")
                                ? name
                                : registry.names(request.region()).arn("ecs", "capacity-provider/" + name));
            }
        }
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    ObjectNode putClusterCapacityProviders(Params request) {
        String reference = request.requiredString("cluster");
        for (String field : List.of(PROVIDERS, DEFAULT_STRATEGY)) {
            if (!request.has(field)) {
                throw request.invalid(field, "is required");
            }
        }
        ObjectNode cluster = store.write(tx -> {
            Cluster found = Cluster.of(registry.requireCluster(tx, request.region(), reference));
            Set<String> removed = names(found.json().path(PROVIDERS));
            apply(request, found.json());
            removed.removeAll(names(found.json().path(PROVIDERS)));
            for (Service service : Service.inCluster(tx, found.arn())) {
                for (JsonNode item : service.json().path(CapacityProviderStrategies.FIELD)) {
                    if (service.isLive()
                            && removed.contains(item.path("capacityProvider").asText())) {
                        throw new ApiException(
                                "ResourceInUseException",
                                "The specified capacity provider '"
                                        + item.path("capacityProvider").asText() + "' is in use by service "
                                        + service.name() + " and cannot be removed.");
                    }
                }
            }
            found.save(tx);
            return found.json();
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("cluster", cluster);
        return response;
    }

    /**
     * Sets a cluster's {@code capacityProviders} and {@code defaultCapacityProviderStrategy} from a
     * request, checked: known providers, and a default strategy of the cluster's providers.
     */
    static void apply(Params request, ObjectNode cluster) {
        List<String> requested = request.strings(PROVIDERS);
        ArrayNode providers = Json.mapper().createArrayNode();
        for (int i = 0; i < requested.size(); i++) {
            providers.add(CapacityProviderStrategies.known(request, PROVIDERS + "[" + i + "]", requested.get(i))
                    .name());
        }
        ArrayNode strategy = CapacityProviderStrategies.read(request, DEFAULT_STRATEGY);
        cluster.set(PROVIDERS, providers);
        cluster.set(DEFAULT_STRATEGY, strategy);
        CapacityProviderStrategies.requireAssociated(Cluster.of(cluster), strategy);
    }

    private String arn(String region, CapacityProvider provider) {
        return registry.names(region).arn("ecs", "capacity-provider/" + provider.name());
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new LinkedHashSet<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
