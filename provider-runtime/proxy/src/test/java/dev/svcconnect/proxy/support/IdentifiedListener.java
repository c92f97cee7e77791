package dev.svcconnect.proxy.support;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.health.OutlierDetector;
import dev.svcconnect.proxy.health.OutlierPolicy;
import dev.svcconnect.proxy.http.Http1UpstreamPool;
import dev.svcconnect.proxy.http2.Http2UpstreamPool;
import dev.svcconnect.proxy.identity.PeerIdentity;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.internal.Transport;
import dev.svcconnect.proxy.lb.EndpointGroup;
import dev.svcconnect.proxy.lb.LoadBalancer;
import dev.svcconnect.proxy.listener.HttpListenerInitializer;
import dev.svcconnect.proxy.metrics.ProxyMetrics;
import dev.svcconnect.proxy.retry.RetryBudget;
import dev.svcconnect.proxy.retry.RetryPolicy;
import dev.svcconnect.proxy.tcp.TcpListenerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An inbound listener of the proxy on a loopback port, assembled from its own state and initializer
 * as the proxy assembles it, with one test handler first on every accepted connection: it sets the
 * connection's {@link PeerIdentity} to {@link #nextCaller}, standing in for the mutual TLS layer
 * that sets it after a handshake in the running proxy.
 */
public final class IdentifiedListener implements AutoCloseable {

    private static final Transport TRANSPORT = Transport.create(1);

    /** The verified caller the next accepted connection gets; null for none (mutual TLS off). */
    public final AtomicReference<WorkloadIdentity> nextCaller = new AtomicReference<>();

    private final ListenerState state;
    private final ProxyMetrics metrics = new ProxyMetrics("appserver", "east");
    private final Channel server;

    public IdentifiedListener(ListenerConfig config) {
        Clock clock = Clock.systemUTC();
        boolean layer7 = config.protocol().isLayer7();
        state = new ListenerState(
                config,
                new EndpointGroup(
                        config.discoveryName(),
                        LoadBalancer.of(config.loadBalancing()),
                        new OutlierDetector(OutlierPolicy.defaults(), clock)),
                RetryPolicy.defaults(),
                RetryBudget.defaults(clock),
                metrics.listener(config.direction(), config.discoveryName()),
                !layer7
                        ? null
                        : config.protocol() == Protocol.HTTP
                                ? new Http1UpstreamPool(TRANSPORT)
                                : new Http2UpstreamPool(TRANSPORT),
                TRANSPORT,
                null); // no TLS: the test sets the verified caller itself
        server = new ServerBootstrap()
                .group(TRANSPORT.group())
                .channel(TRANSPORT.serverChannelType())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        WorkloadIdentity caller = nextCaller.get();
                        if (caller != null) {
                            PeerIdentity.set(ch, caller);
                        }
                        ch.pipeline()
                                .addLast(
                                        layer7
                                                ? new HttpListenerInitializer(state, 1000)
                                                : new TcpListenerInitializer(state));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public ListenerState state() {
        return state;
    }

    /** The proxy's metrics in the Prometheus text format. */
    public String scrape() {
        return metrics.scrape();
    }

    /** The report the proxy would push to the control plane now. */
    public dev.svcconnect.model.metrics.MetricsReport report() {
        return metrics.report();
    }

    @Override
    public void close() {
        state.connections().close().awaitUninterruptibly();
        server.close().syncUninterruptibly();
    }
}
