package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.Optional;

/**
 * Provisions what a checked Service Connect configuration needs: the Cloud Map service of each
 * discovery name (created once, shared by every ECS service that publishes it) and the address of
 * each client alias DNS name in 127.255.0.0/16 (once per namespace).
 */
final class ServiceConnectProvisioner {

    /** Client alias addresses a namespace can give: 127.255.0.1 to 127.255.255.254. */
    static final int MAX_ALIAS_ADDRESSES = 65534;

    private final CloudMap cloudMap;

    ServiceConnectProvisioner(CloudMap cloudMap) {
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    /** Provisions, in entry order, and answers the configuration with the Cloud Map services it uses. */
    ResolvedServiceConnect provision(Transaction tx, ServiceConnectValidator.Checked checked) {
        ArrayNode resources = Json.mapper().createArrayNode();
        for (ServiceConnectEntry entry : Deployment.entriesOf(checked.configuration())) {
            ObjectNode resource = resources.addObject();
            resource.put("discoveryName", entry.discoveryName());
            resource.put("discoveryArn", discoveryServiceArn(tx, checked.namespaceId(), entry.discoveryName()));
            entry.clientAlias().ifPresent(alias -> allocateAliasAddress(tx, checked.namespaceId(), alias.dnsName()));
        }
        return new ResolvedServiceConnect(checked.configuration(), resources);
    }

    private String discoveryServiceArn(Transaction tx, String namespaceId, String discoveryName) {
        Optional<ObjectNode> existing = cloudMap.serviceByName(tx, namespaceId, discoveryName);
        if (existing.isPresent()) {
            return existing.get().get("Arn").asText();
        }
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("Description", "Service Connect discovery name " + discoveryName);
        request.putObject("HealthCheckCustomConfig").put("FailureThreshold", 1);
        String region = Namespace.find(tx, namespaceId).map(Namespace::region).orElseThrow();
        return cloudMap.createService(tx, region, discoveryName, namespaceId, request, null)
                .get("Arn")
                .asText();
    }

    /** Gives a client alias DNS name its address in 127.255.0.0/16, once per namespace. */
    private static void allocateAliasAddress(Transaction tx, String namespaceId, String dnsName) {
        String id = namespaceId + "/" + dnsName;
        if (tx.get(Table.ALIAS_ADDRESSES, id).isPresent()) {
            return;
        }
        int index = tx.list(Table.ALIAS_ADDRESSES, namespaceId).size() + 1;
        if (index > MAX_ALIAS_ADDRESSES) {
            throw new ApiException(
                    "InvalidParameterException",
                    "serviceConnectConfiguration: namespace has no client alias address left in 127.255.0.0/16");
        }
        ObjectNode alias = Json.mapper().createObjectNode();
        alias.put("dnsName", dnsName);
        alias.put("address", "127.255." + (index >> 8) + "." + (index & 0xff));
        tx.put(Table.ALIAS_ADDRESSES, id, namespaceId, null, alias);
    }
}
