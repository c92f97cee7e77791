package dev.svcconnect.controlplane.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.Point;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.proxy.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A service as the console lists it (a row of a namespace's services). The fields from {@code
 * discoveryNames} on are left out for a service outside any namespace.
 *
 * @param clientAliases {@code dnsName:port} of each client alias
 * @param healthyEndpoints the instances its tasks registered that discovery answers as healthy
 * @param inboundRequestsPerSecond over the last minute
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ServiceSummary(
        String service,
        String cluster,
        String status,
        String launchType,
        int runningCount,
        int pendingCount,
        int desiredCount,
        List<String> discoveryNames,
        List<String> clientAliases,
        Integer healthyEndpoints,
        Integer unhealthyEndpoints,
        Double inboundRequestsPerSecond) {

    /** What the console shows of a service outside any namespace. */
    static ServiceSummary basics(Service service) {
        return new ServiceSummary(
                service.name(),
                service.cluster(),
                service.status().name(),
                Objects.requireNonNullElse(service.launchType(), "EC2"),
                service.runningCount(),
                service.pendingCount(),
                service.desiredCount(),
                null,
                null,
                null,
                null,
                null);
    }

    /** A service of {@code namespace}: its discovery names, aliases, endpoints and recent inbound rate. */
    static ServiceSummary of(Transaction tx, Namespace namespace, Service service, MetricsWindow window) {
        List<String> discoveryNames = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        int healthy = 0;
        int unhealthy = 0;
        for (ServiceConnectEntry entry : serviceConnectServices(service)) {
            discoveryNames.add(entry.discoveryName());
            entry.clientAlias().ifPresent(alias -> aliases.add(alias.dnsName() + ":" + alias.port()));
            DiscoveryService discovery = DiscoveryService.named(tx, namespace.id(), entry.discoveryName())
                    .orElse(null);
            if (discovery == null) {
                continue;
            }
            for (Instance instance : discovery.instances(tx)) {
                if (instance.registeredBy(service.cluster(), service.name())) {
                    if (discovery.answersHealthy(instance)) {
                        healthy++;
                    } else {
                        unhealthy++;
                    }
                }
            }
        }
        Point recent = window.sum(
                k -> k.cluster().equals(service.cluster())
                        && k.service().equals(service.name())
                        && k.direction() == Direction.INBOUND,
                ConsoleApi.RECENT_SLOTS);
        ServiceSummary basics = basics(service);
        return new ServiceSummary(
                basics.service(),
                basics.cluster(),
                basics.status(),
                basics.launchType(),
                basics.runningCount(),
                basics.pendingCount(),
                basics.desiredCount(),
                discoveryNames,
                aliases,
                healthy,
                unhealthy,
                recent.requests() / ConsoleApi.RECENT_SECONDS);
    }

    /** The Service Connect services of a service's PRIMARY deployment; none without one. */
    static List<ServiceConnectEntry> serviceConnectServices(Service service) {
        Deployment primary = service.primary();
        return primary == null ? List.of() : primary.serviceConnectServices();
    }
}
