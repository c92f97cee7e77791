package dev.svcconnect.provider.ingress;

import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.ResourceHandler;
import dev.svcconnect.provider.internal.Properties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Custom::SvcConnectLoadBalancer}: a listener balancing over the tasks that offer
 * {@code DiscoveryName} in {@code Namespace}, on {@code Port} ({@code Protocol} {@code http},
 * {@code http2}, {@code grpc} or {@code tcp}).
 *
 * <p>The handler checks the properties and records the listener in the resource: the physical id
 * {@code load-balancer/NAMESPACE/DISCOVERY_NAME/PORT} and the data {@code Url}
 * ({@code http://127.0.0.1:PORT}). It starts nothing: locally, the engine runs a host proxy for
 * it after the handler succeeded; on AWS it stands for an Application Load Balancer listener.
 */
public final class LoadBalancerHandler implements ResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectLoadBalancer";

    private static final Pattern DISCOVERY_NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,63}");
    private static final Set<String> PROTOCOLS = Set.of("http", "http2", "grpc", "tcp");

    @Override
    public String resourceType() {
        return TYPE;
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            return new OnEventResult(event.physicalResourceId(), Map.of());
        }
        Properties properties = event.properties();
        String namespace = properties.requiredString("Namespace");
        String discoveryName = properties.requiredString("DiscoveryName");
        if (!DISCOVERY_NAME.matcher(discoveryName).matches()) {
            throw properties.error(
                    "DiscoveryName",
                    "'" + discoveryName + "' (expected: at most 64 of a-z, 0-9, '_' and '-', not starting with '-')");
        }
        Integer port = properties.integer("Port");
        if (port == null || port < 1 || port > 65535) {
            throw properties.error("Port", port + " (expected: 1-65535)");
        }
        String protocol = properties.string("Protocol") == null ? "http" : properties.string("Protocol");
        if (!PROTOCOLS.contains(protocol)) {
            throw properties.error("Protocol", "'" + protocol + "' (expected: http, http2, grpc or tcp)");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Url", ("tcp".equals(protocol) ? "tcp" : "http") + "://127.0.0.1:" + port);
        return new OnEventResult("load-balancer/" + namespace + "/" + discoveryName + "/" + port, data);
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        return IsCompleteResult.done();
    }
}
