package dev.svcconnect.proxy.lb;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.health.EndpointHealth;
import dev.svcconnect.proxy.health.OutlierDetector;
import dev.svcconnect.proxy.tls.UpstreamTls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoints of one discovery name, updated in place: an address that stays keeps its
 * {@link Endpoint} (and so its counts, health and pooled connections) across updates.
 */
public final class EndpointGroup {

    private final String discoveryName;
    private final OutlierDetector outlierDetector;
    private volatile List<Endpoint> endpoints = List.of();
    private volatile List<EndpointHealth> healths = List.of();
    private volatile LoadBalancer loadBalancer;
    private final UpstreamTls tls;

    public EndpointGroup(String discoveryName, LoadBalancer loadBalancer, OutlierDetector outlierDetector) {
        this(discoveryName, loadBalancer, outlierDetector, null);
    }

    /** A group whose endpoints are reached with mutual TLS when {@code tls} is not null. */
    public EndpointGroup(
            String discoveryName, LoadBalancer loadBalancer, OutlierDetector outlierDetector, UpstreamTls tls) {
        this.tls = tls;
        this.discoveryName = requireNonNull(discoveryName, "discoveryName");
        this.loadBalancer = requireNonNull(loadBalancer, "loadBalancer");
        this.outlierDetector = requireNonNull(outlierDetector, "outlierDetector");
    }

    public String discoveryName() {
        return discoveryName;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public OutlierDetector outlierDetector() {
        return outlierDetector;
    }

    public void loadBalancer(LoadBalancer loadBalancer) {
        this.loadBalancer = requireNonNull(loadBalancer, "loadBalancer");
    }

    /** Replaces the addresses, keeping the {@link Endpoint} of every address that stays. */
    public synchronized void update(List<String> addresses) {
        Map<String, Endpoint> current = new HashMap<>();
        for (Endpoint endpoint : endpoints) {
            current.put(endpoint.address(), endpoint);
        }
        List<Endpoint> next = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            Endpoint kept = current.remove(address);
            next.add(kept != null ? kept : Endpoint.of(address, tls));
        }
        current.values().forEach(Endpoint::markRemoved);
        endpoints = List.copyOf(next);
        healths = next.stream().map(Endpoint::health).toList();
    }

    /**
     * An endpoint for a request: one that is not ejected and not in {@code tried} if there is one,
     * else one not ejected; null when every endpoint is ejected or there is none.
     */
    public Endpoint pick(Set<Endpoint> tried) {
        List<Endpoint> all = endpoints;
        List<Endpoint> eligible = eligible(all, tried);
        if (eligible.isEmpty() && !tried.isEmpty()) {
            eligible = eligible(all, Set.of());
        }
        return eligible.isEmpty() ? null : loadBalancer.pick(eligible);
    }

    /** Whether an endpoint other than those in {@code tried} may take a request. */
    public boolean hasUntried(Set<Endpoint> tried) {
        return !eligible(endpoints, tried).isEmpty();
    }

    private List<Endpoint> eligible(List<Endpoint> all, Set<Endpoint> excluded) {
        int size = all.size();
        int i = 0;
        while (i < size && isEligible(all.get(i), excluded)) {
            i++;
        }
        if (i == size) {
            return all;
        }
        List<Endpoint> eligible = new ArrayList<>(size);
        for (Endpoint endpoint : all) {
            if (isEligible(endpoint, excluded)) {
                eligible.add(endpoint);
            }
        }
        return eligible;
    }

    private boolean isEligible(Endpoint endpoint, Set<Endpoint> excluded) {
        return !outlierDetector.isEjected(endpoint.health()) && !excluded.contains(endpoint);
    }

    /** A response that was not a 5xx from {@code endpoint}. */
    public void recordSuccess(Endpoint endpoint) {
        outlierDetector.recordSuccess(endpoint.health());
    }

    /** A connection failure or 5xx from {@code endpoint}; returns whether it was ejected. */
    public boolean recordFailure(Endpoint endpoint) {
        return outlierDetector.recordFailure(endpoint.health(), healths);
    }
}
