package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.InstanceHealth;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Discovery ({@code DiscoverInstances}, {@code DiscoverInstancesRevision}): the instances of a
 * service found by namespace and service name, filtered by health and attributes, in random order.
 */
final class DiscoveryOperations {

    private static final String INSTANCES_REVISION = "InstancesRevision";
    private static final List<String> HEALTH_FILTERS = List.of("HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL");
    private static final int MAX_RESULTS = 1000;

    private final Store store;

    DiscoveryOperations(Store store) {
        this.store = requireNonNull(store, "store");
    }

    /** An element of {@code DiscoverInstances}' answer. */
    private record HttpInstanceSummary(
            @JsonProperty("InstanceId") String instanceId,
            @JsonProperty("NamespaceName") String namespaceName,
            @JsonProperty("ServiceName") String serviceName,
            @JsonProperty("HealthStatus") InstanceHealth healthStatus,
            @JsonProperty("Attributes") Map<String, String> attributes) {}

    void addTo(Map<String, Operation> operations) {
        operations.put("DiscoverInstances", this::discoverInstances);
        operations.put("DiscoverInstancesRevision", this::discoverInstancesRevision);
    }

    private ObjectNode discoverInstances(Params request) {
        String namespaceName = request.requiredString("NamespaceName");
        String serviceName = request.requiredString("ServiceName");
        int maxResults = request.integer("MaxResults", 100);
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw request.invalid("MaxResults", maxResults + " (expected: 1-" + MAX_RESULTS + ")");
        }
        String healthFilter = request.string("HealthStatus") == null ? "HEALTHY" : request.string("HealthStatus");
        if (!HEALTH_FILTERS.contains(healthFilter)) {
            throw request.invalid(
                    "HealthStatus",
                    "'" + healthFilter + "' (expected one of: " + String.join(", ", HEALTH_FILTERS) + ")");
        }
        Map<String, String> query = stringMap(request, "QueryParameters");
        Map<String, String> optional = stringMap(request, "OptionalParameters");
        return store.read(tx -> {
            DiscoveryService service = discoveredService(tx, request.region(), namespaceName, serviceName);
            List<Instance> chosen = withAttributes(byHealth(service, service.instances(tx), healthFilter), query);
            List<Instance> preferred = withAttributes(chosen, optional);
            chosen = new ArrayList<>(preferred.isEmpty() ? chosen : preferred);
            Collections.shuffle(chosen, ThreadLocalRandom.current());
            List<HttpInstanceSummary> summaries = chosen.subList(0, Math.min(maxResults, chosen.size())).stream()
                    .map(instance -> new HttpInstanceSummary(
                            instance.id(), namespaceName, serviceName, service.health(instance), instance.attributes()))
                    .toList();
            ObjectNode answer = Answers.single("Instances", Json.mapper().valueToTree(summaries));
            return answer.put(INSTANCES_REVISION, service.instancesRevision());
        });
    }

    private ObjectNode discoverInstancesRevision(Params request) {
        String namespaceName = request.requiredString("NamespaceName");
        String serviceName = request.requiredString("ServiceName");
        long revision = store.read(tx -> discoveredService(tx, request.region(), namespaceName, serviceName)
                .instancesRevision());
        return Answers.empty().put(INSTANCES_REVISION, revision);
    }

    private static DiscoveryService discoveredService(
            Transaction tx, String region, String namespaceName, String serviceName) {
        Namespace namespace = Namespace.named(tx, region, namespaceName)
                .orElseThrow(
                        () -> new ApiException("NamespaceNotFound", "Namespace '" + namespaceName + "' not found."));
        return DiscoveryService.named(tx, namespace.id(), serviceName)
                .orElseThrow(() -> new ApiException(
                        "ServiceNotFound",
                        "Service '" + serviceName + "' not found in namespace '" + namespaceName + "'."));
    }

    private static List<Instance> byHealth(DiscoveryService service, List<Instance> instances, String filter) {
        List<Instance> healthy = new ArrayList<>();
        List<Instance> unhealthy = new ArrayList<>();
        for (Instance instance : instances) {
            (service.answersHealthy(instance) ? healthy : unhealthy).add(instance);
        }
        return switch (filter) {
            case "HEALTHY" -> healthy;
            case "UNHEALTHY" -> unhealthy;
            case "HEALTHY_OR_ELSE_ALL" -> healthy.isEmpty() ? instances : healthy;
            default -> instances;
        };
    }

    private static List<Instance> withAttributes(List<Instance> instances, Map<String, String> wanted) {
        return instances.stream()
                .filter(instance -> instance.hasAttributes(wanted))
                .toList();
    }

    private static Map<String, String> stringMap(Params request, String field) {
        Params map = request.object(field);
        Map<String, String> values = new LinkedHashMap<>();
        if (map != null) {
            map.node().fieldNames().forEachRemaining(key -> values.put(key, map.requiredString(key)));
        }
        return values;
    }
}
