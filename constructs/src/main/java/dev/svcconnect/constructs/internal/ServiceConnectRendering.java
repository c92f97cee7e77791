package dev.svcconnect.constructs.internal;

import dev.svcconnect.constructs.PortMapping;
import dev.svcconnect.constructs.ServiceConnectService;
import dev.svcconnect.constructs.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;

/**
 * Renders the {@code Services} entries of a {@code ServiceConnectConfiguration} with ECS's
 * defaults, all explicit: the discovery name is the port mapping's name, the client alias is
 * {@code discoveryName.namespace} on the container port, timeouts are 15 s per request and 300 s
 * idle (3600 s idle for TCP). Each entry is also recorded as an offer for the app-wide checks.
 */
public final class ServiceConnectRendering {

    private static final int DEFAULT_PER_REQUEST_TIMEOUT = 15;
    private static final int DEFAULT_IDLE_TIMEOUT = 300;
    private static final int DEFAULT_TCP_IDLE_TIMEOUT = 3600;

    private final TaskDefinition taskDefinition;
    private final String namespace;
    private final boolean namespaceIsArn;
    private final String servicePath;
    private final List<ServiceConnectRegistry.Offer> offers;

    /**
     * A renderer for the services of the service at {@code servicePath}, adding to {@code offers}.
     *
     * @param namespace the namespace's name, or its ARN when {@code namespaceIsArn}: then a client
     *                  alias without a DNS name is left for the control plane to default
     */
    public ServiceConnectRendering(
            TaskDefinition taskDefinition,
            String namespace,
            boolean namespaceIsArn,
            String servicePath,
            List<ServiceConnectRegistry.Offer> offers) {
        this.taskDefinition = taskDefinition;
        this.namespace = namespace;
        this.namespaceIsArn = namespaceIsArn;
        this.servicePath = servicePath;
        this.offers = offers;
    }

    /** The entry of {@code service}, whose props are reported under {@code field}. */
    public Map<String, Object> render(ServiceConnectService service, String field) {
        String portName = Validation.portName(service.getPortMappingName(), field + ".portMappingName");
        PortMapping mapping = taskDefinition.findPortMappingByName(portName);
        if (mapping == null) {
            throw new IllegalArgumentException(
                    "Port Mapping '" + portName + "' does not exist on the task definition.");
        }
        String discoveryName = service.getDiscoveryName() == null
                ? portName
                : Validation.discoveryName(service.getDiscoveryName(), field + ".discoveryName");
        String dnsName = service.getDnsName() != null
                ? Validation.dnsName(service.getDnsName(), field + ".dnsName")
                : namespaceIsArn ? null : discoveryName + "." + namespace;
        Number port = service.getPort() == null
                ? mapping.getContainerPort()
                : Validation.port(service.getPort(), field + ".port");
        boolean tcp = mapping.getAppProtocol() == null;
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("PortName", portName);
        rendered.put("DiscoveryName", discoveryName);
        rendered.put("ClientAliases", List.of(Rendering.object("Port", whole(port), "DnsName", dnsName)));
        if (service.getIngressPortOverride() != null) {
            rendered.put(
                    "IngressPortOverride",
                    Validation.port(service.getIngressPortOverride(), field + ".ingressPortOverride"));
        }
        rendered.put("Timeout", timeout(service, tcp, portName, field));
        offers.add(new ServiceConnectRegistry.Offer(
                namespace,
                discoveryName,
                dnsName == null ? discoveryName : dnsName,
                String.valueOf(whole(port)),
                servicePath));
        return rendered;
    }

    private static Map<String, Object> timeout(
            ServiceConnectService service, boolean tcp, String portName, String field) {
        Map<String, Object> timeout = new LinkedHashMap<>();
        timeout.put(
                "IdleTimeoutSeconds",
                seconds(
                        service.getIdleTimeout(),
                        field + ".idleTimeout",
                        tcp ? DEFAULT_TCP_IDLE_TIMEOUT : DEFAULT_IDLE_TIMEOUT));
        if (tcp && service.getPerRequestTimeout() != null) {
            throw new IllegalArgumentException(field + ".perRequestTimeout: port mapping '" + portName
                    + "' is TCP (expected: a port mapping with appProtocol HTTP, HTTP2 or GRPC)");
        }
        if (!tcp) {
            timeout.put(
                    "PerRequestTimeoutSeconds",
                    seconds(service.getPerRequestTimeout(), field + ".perRequestTimeout", DEFAULT_PER_REQUEST_TIMEOUT));
        }
        return timeout;
    }

    private static Number seconds(Duration duration, String field, int defaultSeconds) {
        return duration == null ? defaultSeconds : Validation.timeoutSeconds(duration, field);
    }

    private static Number whole(Number port) {
        return Validation.isToken(port) ? port : Integer.valueOf(port.intValue());
    }
}
