package dev.svcconnect.proxy;

import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.lb.Endpoint;
import dev.svcconnect.proxy.lb.EndpointGroup;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's {@code /stats} answer: whether it drains, where its configuration comes from, and
 * each listener's settings, connections, requests and endpoints with their health.
 */
final class ProxyStats {

    private ProxyStats() {}

    static Map<String, Object> of(boolean draining, Object source, List<Object> listeners) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("draining", draining);
        stats.put("source", source);
        stats.put("listeners", listeners);
        return stats;
    }

    /** One listener, bound to {@code server}'s address, in the state it has now. */
    static Map<String, Object> listener(ListenerState state, Channel server) {
        ListenerConfig listener = state.config();
        EndpointGroup group = state.endpoints();
        List<Object> endpoints = new ArrayList<>();
        for (Endpoint endpoint : group.endpoints()) {
            endpoints.add(endpoint(endpoint, group));
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("name", listener.name());
        l.put("direction", listener.direction().wireName());
        l.put("protocol", listener.protocol().wireName());
        l.put("bind", server.localAddress().toString());
        l.put("discoveryName", group.discoveryName());
        l.put("loadBalancing", listener.loadBalancing().wireName());
        l.put("perRequestTimeoutSeconds", listener.perRequestTimeoutSeconds());
        l.put("idleTimeoutSeconds", listener.idleTimeoutSeconds());
        l.put("activeConnections", state.connections().size());
        l.put("activeRequests", state.activeRequests().get());
        l.put("endpoints", endpoints);
        return l;
    }

    private static Map<String, Object> endpoint(Endpoint endpoint, EndpointGroup group) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("address", endpoint.address());
        e.put("activeRequests", endpoint.activeRequests());
        e.put("ejected", group.outlierDetector().isEjected(endpoint.health()));
        e.put("consecutiveFailures", endpoint.health().consecutiveFailures());
        e.put("ejections", endpoint.health().ejections());
        return e;
    }
}
