package dev.svcconnect.proxy.internal;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.proxy.lb.EndpointGroup;
import dev.svcconnect.proxy.lb.LoadBalancer;
import dev.svcconnect.proxy.metrics.ListenerMetrics;
import dev.svcconnect.proxy.retry.RetryBudget;
import dev.svcconnect.proxy.retry.RetryPolicy;
import dev.svcconnect.proxy.tls.MeshTls;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the handlers of one listener share: its current settings (updated in place by a new
 * configuration), endpoints, retry budget, metrics, open client connections and drain state.
 */
public final class ListenerState {

    private volatile ListenerConfig config;
    private final EndpointGroup endpoints;
    private final RetryPolicy retryPolicy;
    private final RetryBudget retryBudget;
    private final ListenerMetrics metrics;
    private final UpstreamPool upstreams;
    private final Transport transport;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger activeRequests = new AtomicInteger();
    private volatile boolean draining;
    private final MeshTls inboundTls;

    public ListenerState(
            ListenerConfig config,
            EndpointGroup endpoints,
            RetryPolicy retryPolicy,
            RetryBudget retryBudget,
            ListenerMetrics metrics,
            UpstreamPool upstreams,
            Transport transport,
            MeshTls inboundTls) {
        this.inboundTls = inboundTls;
        this.config = requireNonNull(config, "config");
        this.endpoints = requireNonNull(endpoints, "endpoints");
        this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
        this.retryBudget = requireNonNull(retryBudget, "retryBudget");
        this.metrics = requireNonNull(metrics, "metrics");
        this.upstreams = upstreams;
        this.transport = requireNonNull(transport, "transport");
        endpoints.update(config.endpoints());
    }

    public ListenerConfig config() {
        return config;
    }

    /** Applies a new configuration of the same listener: endpoints, balancing and timeouts change in place. */
    public void update(ListenerConfig newConfig) {
        endpoints.loadBalancer(LoadBalancer.of(newConfig.loadBalancing()));
        endpoints.update(newConfig.endpoints());
        this.config = newConfig;
    }

    public boolean isInbound() {
        return config.direction() == Direction.INBOUND;
    }

    public EndpointGroup endpoints() {
        return endpoints;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public RetryBudget retryBudget() {
        return retryBudget;
    }

    public ListenerMetrics metrics() {
        return metrics;
    }

    /** The pool HTTP requests take upstream streams from; null for a TCP listener. */
    public UpstreamPool upstreams() {
        return upstreams;
    }

    /** The TLS of an inbound listener's client connections (hops from other proxies), or null. */
    public MeshTls inboundTls() {
        return inboundTls;
    }

    public Transport transport() {
        return transport;
    }

    public AtomicInteger activeRequests() {
        return activeRequests;
    }

    /** Tracks a client connection until it closes. */
    public void track(Channel channel) {
        connections.add(channel);
    }

    public ChannelGroup connections() {
        return connections;
    }

    public boolean isDraining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }
}
