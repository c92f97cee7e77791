package dev.svcconnect.proxy;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.proxy.access.InboundAccess;
import dev.svcconnect.proxy.admin.AdminActions;
import dev.svcconnect.proxy.admin.AdminServer;
import dev.svcconnect.proxy.health.OutlierDetector;
import dev.svcconnect.proxy.health.OutlierPolicy;
import dev.svcconnect.proxy.http.Http1UpstreamPool;
import dev.svcconnect.proxy.http.HttpExchangeHandler;
import dev.svcconnect.proxy.http2.Http2UpstreamPool;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.internal.Transport;
import dev.svcconnect.proxy.lb.Endpoint;
import dev.svcconnect.proxy.lb.EndpointGroup;
import dev.svcconnect.proxy.lb.LoadBalancer;
import dev.svcconnect.proxy.listener.HttpListenerInitializer;
import dev.svcconnect.proxy.metrics.ProxyMetrics;
import dev.svcconnect.proxy.retry.RetryBudget;
import dev.svcconnect.proxy.retry.RetryPolicy;
import dev.svcconnect.proxy.tcp.TcpListenerInitializer;
import dev.svcconnect.proxy.tls.MeshTls;
import dev.svcconnect.proxy.tls.UpstreamTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2FrameCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar proxy: listeners (HTTP, HTTP/2, gRPC, TCP) that balance over endpoints, with
 * outlier ejection, retries, timeouts, draining, metrics and an admin port.
 *
 * <pre>{@code
 * try (Proxy proxy = Proxy.builder().start(ProxyConfigFile.read(Path.of("proxy.json")))) {
 *     proxy.apply(newConfig);          // endpoints change in place, connections stay
 *     proxy.drain().join();            // as on SIGTERM
 * }
 * }</pre>
 */
public final class Proxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Proxy.class);

    private final Clock clock;
    private final OutlierPolicy outlierPolicy;
    private final RetryPolicy retryPolicy;
    private final Supplier<MeshTls> meshTls;
    private final Transport transport;
    private final ProxyMetrics metrics;
    private final Http1UpstreamPool http1Pool;
    private final Http2UpstreamPool http2Pool;
    private final AdminServer admin;
    private final Map<String, Running> listeners = new LinkedHashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final ScheduledExecutorService drainTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "proxy-drain");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ProxyConfig config;
    private volatile boolean draining;
    private boolean closed;
    private volatile Supplier<Object> sourceStatus = () -> "static";

    private record Running(ListenerConfig config, ListenerState state, Channel server) {}

    private Proxy(Builder builder, ProxyConfig initial) {
        this.clock = builder.clock;
        this.outlierPolicy = builder.outlierPolicy;
        this.retryPolicy = builder.retryPolicy;
        this.meshTls = builder.meshTls;
        this.transport = Transport.create(builder.threads);
        this.metrics = new ProxyMetrics(initial.serviceName(), initial.clusterName());
        this.http1Pool = new Http1UpstreamPool(transport);
        this.http2Pool = new Http2UpstreamPool(transport);
        AdminServer adminServer = null;
        try {
            this.config = initial;
            apply(initial);
            adminServer =
                    AdminServer.bind(transport, address(initial.admin().bind()), new Actions(), builder.adminToken);
        } catch (RuntimeException | Error e) {
            closeListeners();
            transport.close();
            drainTimer.shutdownNow();
            throw e;
        }
        this.admin = adminServer;
        log.info(
                "proxy started: {} listener(s), admin on {}, {} transport",
                initial.listeners().size(),
                admin.address(),
                transport.isEpoll() ? "epoll" : "nio");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies a configuration: listeners with the same name, bind address, direction and protocol
     * are updated in place (endpoints, balancing, timeouts, access policy) without touching their
     * connections, except those of callers a new access policy refuses, which are closed;
     * others are added or stop accepting. The admin address and metric labels stay as first set.
     *
     * @throws IllegalArgumentException if the configuration is invalid or a new listener cannot bind
     */
    public synchronized void apply(ProxyConfig newConfig) {
        requireNonNull(newConfig, "newConfig").validate();
        Map<String, ListenerConfig> wanted = new LinkedHashMap<>();
        newConfig.listeners().forEach(l -> wanted.put(l.name(), l));
        for (String name : new ArrayList<>(listeners.keySet())) {
            Running running = listeners.get(name);
            ListenerConfig next = wanted.get(name);
            if (next == null || !sameShape(running.config(), next)) {
                running.server().close().syncUninterruptibly();
                listeners.remove(name);
                log.info("listener {} stopped accepting", name);
            }
        }
        for (ListenerConfig next : newConfig.listeners()) {
            Running running = listeners.get(next.name());
            if (running != null) {
                running.state().update(next);
                InboundAccess.closeRefused(running.state(), running.config().access());
                listeners.put(next.name(), new Running(next, running.state(), running.server()));
            } else {
                listeners.put(next.name(), start(next));
            }
        }
        this.config = newConfig;
    }

    private static boolean sameShape(ListenerConfig a, ListenerConfig b) {
        return a.bind().equals(b.bind())
                && a.direction() == b.direction()
                && a.protocol() == b.protocol()
                && java.util.Objects.equals(a.discoveryName(), b.discoveryName())
                && a.mutualTls() == b.mutualTls()
                && java.util.Objects.equals(a.serverIdentity(), b.serverIdentity());
    }

    private Running start(ListenerConfig listener) {
        String discoveryName = listener.discoveryName() != null ? listener.discoveryName() : listener.name();
        MeshTls tls = listener.mutualTls() ? meshTls(listener) : null;
        boolean inbound = listener.direction() == Direction.INBOUND;
        EndpointGroup endpoints = new EndpointGroup(
                discoveryName,
                LoadBalancer.of(listener.loadBalancing()),
                new OutlierDetector(outlierPolicy, clock),
                tls == null || inbound
                        ? null
                        : new UpstreamTls(tls, WorkloadIdentity.parse(listener.serverIdentity())));
        boolean layer7 = listener.protocol().isLayer7();
        ListenerState state = new ListenerState(
                listener,
                endpoints,
                retryPolicy,
                RetryBudget.defaults(clock),
                metrics.listener(listener.direction(), discoveryName),
                !layer7 ? null : listener.protocol() == Protocol.HTTP ? http1Pool : http2Pool,
                transport,
                inbound ? tls : null);
        long drainMillis = TimeUnit.SECONDS.toMillis(config.drainTimeSeconds());
        Channel server;
        try {
            server = new ServerBootstrap()
                    .group(transport.group())
                    .channel(transport.serverChannelType())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(
                            layer7
                                    ? new HttpListenerInitializer(state, drainMillis)
                                    : new TcpListenerInitializer(state))
                    .bind(address(listener.bind()))
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "listener " + listener.name() + ": cannot listen on " + listener.bind() + ": " + e.getMessage(), e);
        }
        log.info(
                "listener {} ({} {}{}) on {} -> {} endpoint(s) of '{}'",
                listener.name(),
                listener.direction().wireName(),
                listener.protocol().wireName(),
                tls == null ? "" : ", mutual TLS",
                server.localAddress(),
                listener.endpoints().size(),
                discoveryName);
        return new Running(listener, state, server);
    }

    private MeshTls meshTls(ListenerConfig listener) {
        MeshTls tls = meshTls == null ? null : meshTls.get();
        if (tls == null) {
            throw new IllegalArgumentException("listener " + listener.name()
                    + ": mutualTls needs the proxy's workload certificate, and this proxy has none"
                    + " (it gets one from the control plane when it follows a task)");
        }
        return tls;
    }

    private static InetSocketAddress address(String hostPort) {
        return Endpoint.of(hostPort).socketAddress();
    }

    /** The address a listener is bound to (its real port when configured with port 0). */
    public synchronized InetSocketAddress listenerAddress(String name) {
        Running running = listeners.get(name);
        if (running == null) {
            throw new IllegalArgumentException("no listener named '" + name + "'");
        }
        return (InetSocketAddress) running.server().localAddress();
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Shows where the configuration comes from on {@code /stats} (the CLI sets the watch state). */
    public void sourceStatus(Supplier<Object> status) {
        this.sourceStatus = requireNonNull(status, "status");
    }

    /**
     * Drains, as on SIGTERM: inbound listeners stop accepting, their HTTP/1.1 responses carry
     * {@code Connection: close}, HTTP/2 connections get GOAWAY, and in-flight requests finish.
     *
     * @return completes when no inbound connection and no request is left, or the drain time has passed
     */
    public synchronized CompletableFuture<Void> drain() {
        if (draining) {
            return drained;
        }
        draining = true;
        log.info(
                "draining: inbound listeners stop accepting; waiting up to {} s for in-flight requests",
                config.drainTimeSeconds());
        for (Running running : listeners.values()) {
            if (running.state().isInbound()) {
                running.server().close();
                running.state().startDraining();
                for (Channel connection : running.state().connections()) {
                    if (connection.pipeline().get(Http2FrameCodec.class) != null) {
                        connection.close();
                    } else {
                        connection.pipeline().fireUserEventTriggered(HttpExchangeHandler.DRAIN);
                    }
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.drainTimeSeconds());
        drainTimer.scheduleWithFixedDelay(
                () -> {
                    if (isQuiet() || System.nanoTime() >= deadline) {
                        log.info(isQuiet() ? "drained" : "drain time passed with requests in flight");
                        drained.complete(null);
                        drainTimer.shutdown();
                    }
                },
                0,
                20,
                TimeUnit.MILLISECONDS);
        return drained;
    }

    private synchronized boolean isQuiet() {
        for (Running running : listeners.values()) {
            if (running.state().activeRequests().get() > 0
                    || running.state().isInbound()
                            && !running.state().connections().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Completes when a drain (from {@link #drain()}, SIGTERM or {@code POST /drain}) has finished. */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close();
        }
        closeListeners();
        http1Pool.close();
        http2Pool.close();
        drainTimer.shutdownNow();
        transport.close();
        log.info("proxy stopped");
    }

    private void closeListeners() {
        for (Running running : listeners.values()) {
            running.server().close().syncUninterruptibly();
            running.state().connections().close().awaitUninterruptibly();
        }
        listeners.clear();
    }

    private Map<String, Object> stats() {
        List<Running> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(listeners.values());
        }
        List<Object> listenerStats = new ArrayList<>();
        for (Running running : snapshot) {
            listenerStats.add(ProxyStats.listener(running.state(), running.server()));
        }
        return ProxyStats.of(draining, sourceStatus.get(), listenerStats);
    }

    /** The admin port's view of this proxy. */
    private final class Actions implements AdminActions {
        @Override
        public boolean isReady() {
            return !draining;
        }

        @Override
        public Object stats() {
            return Proxy.this.stats();
        }

        @Override
        public String metrics() {
            return metrics.scrape();
        }

        @Override
        public void drain() {
            Proxy.this.drain();
        }
    }

    /** Options that are not part of the configuration file: time, threads and resilience policies. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private int threads = Runtime.getRuntime().availableProcessors();
        private OutlierPolicy outlierPolicy = OutlierPolicy.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private String adminToken;
        private Supplier<MeshTls> meshTls;

        private Builder() {}

        /** The clock of outlier ejection and retry budgets; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where listeners with {@code mutualTls} get the proxy's TLS contexts, asked when the first
         * such listener starts; default none, and such a listener is refused.
         */
        public Builder meshTls(Supplier<MeshTls> meshTls) {
            this.meshTls = requireNonNull(meshTls, "meshTls");
            return this;
        }

        /** Event loops; default one per core. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
            }
            this.threads = threads;
            return this;
        }

        /** The event loops the proxy will run. */
        int threads() {
            return threads;
        }

        public Builder outlierPolicy(OutlierPolicy outlierPolicy) {
            this.outlierPolicy = requireNonNull(outlierPolicy, "outlierPolicy");
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * The secret {@code POST /drain} must carry ({@code Authorization: Bearer TOKEN}); null (the
         * default) leaves {@code /drain} open to whoever reaches the admin port.
         */
        public Builder adminToken(String adminToken) {
            if (adminToken != null && adminToken.isBlank()) {
                throw new IllegalArgumentException("adminToken: is blank (expected: a secret, or null for none)");
            }
            this.adminToken = adminToken;
            return this;
        }

        /** Starts a proxy with this configuration; blocks until its listeners are bound. */
        public Proxy start(ProxyConfig config) {
            return new Proxy(this, requireNonNull(config, "config").validate());
        }
    }
}
