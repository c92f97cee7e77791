package dev.svcconnect.controlplane.metrics;

import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The healthy and unhealthy endpoints of one discovery name, as Cloud Map answers discovery.
 *
 * @param namespace the namespace name
 * @param discoveryName the Cloud Map service name (the discovery name)
 */
public record EndpointCounts(String namespace, String discoveryName, int healthy, int unhealthy) {

    /** The counts of every discovery name of every namespace. */
    public static List<EndpointCounts> all(Transaction tx) {
        List<EndpointCounts> counts = new ArrayList<>();
        for (Namespace namespace : Namespace.all(tx)) {
            for (DiscoveryService service : namespace.services(tx)) {
                counts.add(of(tx, namespace.name(), service));
            }
        }
        return counts;
    }

    private static EndpointCounts of(Transaction tx, String namespace, DiscoveryService service) {
        int healthy = 0;
        int unhealthy = 0;
        for (Instance instance : service.instances(tx)) {
            if (service.answersHealthy(instance)) {
                healthy++;
            } else {
                unhealthy++;
            }
        }
        return new EndpointCounts(namespace, service.name(), healthy, unhealthy);
    }
}
