package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.CapacityProvider;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.model.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Capacity provider strategies as ECS checks them ({@code [{"capacityProvider", "weight",
 * "base"}]}): at most 20 items of known, distinct providers, {@code weight} 0-1000 (default 0),
 * {@code base} 0-100000 (default 0) on one item at most, not mixing Fargate with other providers;
 * and where a new service's or task's tasks run: its launch type, else its strategy, else the
 * cluster's default strategy, else EC2.
 */
final class CapacityProviderStrategies {

    static final String FIELD = "capacityProviderStrategy";
    private static final int MAX_ITEMS = 20;

    /**
     * Where tasks run: a launch type, and the strategy that spreads them (empty with a launch type).
     *
     * @param launchType EC2 or FARGATE
     * @param strategy the capacity provider strategy, checked, or an empty list
     */
    record Target(String launchType, ArrayNode strategy) {}

    private CapacityProviderStrategies() {}

    /** The {@code launchType} or {@code capacityProviderStrategy} of a request in a cluster. */
    static Target target(Params request, Cluster cluster) {
        String launchType = request.string("launchType");
        ArrayNode strategy = read(request, FIELD);
        if (launchType != null && !strategy.isEmpty()) {
            throw new ApiException(
                    "InvalidParameterException",
                    "Specifying both a launch type and capacity provider strategy is not supported."
                            + " Remove one and try again.");
        }
        if (launchType != null) {
            if (!launchType.equals("EC2") && !launchType.equals("FARGATE")) {
                throw request.invalid("launchType", "'" + launchType + "' (expected one of: EC2, FARGATE)");
            }
            return new Target(launchType, Json.mapper().createArrayNode());
        }
        if (strategy.isEmpty()) {
            strategy = (ArrayNode)
                    cluster.json().path("defaultCapacityProviderStrategy").deepCopy();
            if (strategy.isEmpty()) {
                return new Target("EC2", strategy);
            }
        }
        requireAssociated(cluster, strategy);
        return new Target(CapacityProvider.launchTypeOf(strategy).orElseThrow(), strategy);
    }

    /** The strategy of {@code field}, checked; empty when absent. */
    static ArrayNode read(Params request, String field) {
        List<Params> items = request.objects(field);
        if (items.size() > MAX_ITEMS) {
            throw request.invalid(field, items.size() + " items (expected: at most " + MAX_ITEMS + ")");
        }
        ArrayNode strategy = Json.mapper().createArrayNode();
        Set<String> names = new HashSet<>();
        Set<Boolean> fargate = new HashSet<>();
        int withBase = 0;
        for (Params item : items) {
            String name = item.requiredString("capacityProvider");
            CapacityProvider provider = known(item, "capacityProvider", name);
            if (!names.add(provider.name())) {
                throw item.invalid("capacityProvider", "'" + name + "' is in the strategy twice");
            }
            fargate.add(provider.isFargate());
            int weight = bounded(item, "weight", 1000);
            int base = bounded(item, "base", 100000);
            withBase += base > 0 ? 1 : 0;
            strategy.addObject()
                    .put("capacityProvider", provider.name())
                    .put("weight", weight)
                    .put("base", base);
        }
        if (withBase > 1) {
            throw request.invalid(
                    field, "only one capacity provider in a strategy can have a base, " + withBase + " do");
        }
        if (fargate.size() > 1) {
            throw request.invalid(field, "a strategy cannot mix Fargate (FARGATE, FARGATE_SPOT) and EC2 providers");
        }
        return strategy;
    }

    /** A built-in capacity provider, or InvalidParameterException naming the field. */
    static CapacityProvider known(Params where, String field, String name) {
        return CapacityProvider.named(name)
                .orElseThrow(() -> where.invalid(
                        field,
                        "'" + name + "' is not a capacity provider (expected one of: FARGATE, FARGATE_SPOT, EC2)"));
    }

    /** ECS: every provider of a strategy must be one of the cluster's capacity providers. */
    static void requireAssociated(Cluster cluster, JsonNode strategy) {
        Set<String> associated = new HashSet<>();
        cluster.json().path("capacityProviders").forEach(p -> associated.add(p.asText()));
        for (JsonNode item : strategy) {
            if (!associated.contains(item.path("capacityProvider").asText())) {
                throw new ApiException(
                        "InvalidParameterException",
                        "The specified capacity provider strategy cannot contain a capacity provider that is not"
                                + " associated with the cluster. Associate the capacity provider with the cluster or"
                                + " specify a valid capacity provider and try again.");
            }
        }
    }

    private static int bounded(Params item, String field, int max) {
        int value = item.integer(field, 0);
        if (value < 0 || value > max) {
            throw item.invalid(field, value + " (expected: 0-" + max + ")");
        }
        return value;
    }
}
