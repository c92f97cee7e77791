package dev.svcconnect.controlplane.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.store.Table;
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
        for (ObjectNode namespace : tx.listAll(Table.NAMESPACES)) {
            String namespaceName = namespace.path("Name").asText();
            for (ObjectNode service :
                    tx.list(Table.DISCOVERY_SERVICES, namespace.path("Id").asText())) {
                int healthy = 0;
                int unhealthy = 0;
                for (ObjectNode instance :
                        tx.list(Table.INSTANCES, service.path("Id").asText())) {
                    if (CloudMap.isHealthy(service, instance)) {
                        healthy++;
                    } else {
                        unhealthy++;
                    }
                }
                counts.add(
                        new EndpointCounts(namespaceName, service.path("Name").asText(), healthy, unhealthy));
            }
        }
        return counts;
    }
}
