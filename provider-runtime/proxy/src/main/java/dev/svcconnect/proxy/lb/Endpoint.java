package dev.svcconnect.proxy.lb;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.proxy.health.EndpointHealth;
import dev.svcconnect.proxy.tls.UpstreamTls;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream address of an {@link EndpointGroup}, with its in-flight request count (for
 * {@link LoadBalancer#leastRequest()}) and its passive health. The same instance lives as long as
 * its address stays in the group, so counts and ejections survive configuration updates.
 */
public final class Endpoint {

    private final String address;
    private final InetSocketAddress socketAddress;
    private final UpstreamTls tls;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final EndpointHealth health = new EndpointHealth();
    private volatile boolean removed;

    /** An endpoint at {@code HOST:PORT}, resolved now (so that no event loop ever resolves a name). */
    public static Endpoint of(String address) {
        return of(address, null);
    }

    /** An endpoint reached with mutual TLS when {@code tls} is not null. */
    public static Endpoint of(String address, UpstreamTls tls) {
        requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("endpoint: '" + address + "' (expected: HOST:PORT)");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(address.substring(colon + 1));
        return new Endpoint(address, new InetSocketAddress(host, port), tls);
    }

    private Endpoint(String address, InetSocketAddress socketAddress, UpstreamTls tls) {
        this.address = address;
        this.socketAddress = socketAddress;
        this.tls = tls;
    }

    /** The mutual TLS of connections to this endpoint, or null for plaintext. */
    public UpstreamTls tls() {
        return tls;
    }

    /** {@code HOST:PORT} as configured. */
    public String address() {
        return address;
    }

    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    public EndpointHealth health() {
        return health;
    }

    public int activeRequests() {
        return activeRequests.get();
    }

    public void requestStarted() {
        activeRequests.incrementAndGet();
    }

    public void requestEnded() {
        activeRequests.decrementAndGet();
    }

    /** Whether a configuration update took this endpoint out of its group; its pooled connections then close. */
    public boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    @Override
    public String toString() {
        return address;
    }
}
